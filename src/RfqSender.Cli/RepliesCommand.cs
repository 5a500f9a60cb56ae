using System.CommandLine;
using System.Globalization;
using RfqSender.Engine;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;

namespace RfqSender.Cli;

/// <summary><c>rfq replies receive | list | assign</c>: the CLI face of Receive-RfqReply, Get-RfqReply and Set-RfqReply.</summary>
internal static class RepliesCommand
{
    /// <summary>The environment variable the IMAP password is read from unless --imap-password-variable names another.</summary>
    public const string DefaultPasswordVariable = SettingsLoader.ImapPasswordVariable;

    public static Command Create(TextWriter output, TextWriter error) =>
        new("replies", "Read vendors' replies into the store, list them, and assign those no vendor matched.")
        {
            Receive(output, error),
            List(output, error),
            Assign(output, error),
        };

    private static Command Receive(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string?>("folder") { Description = "A folder of .eml files to read (or use --imap-server, or --graph; with none of them, the source configured under replies: in rfqsender.yaml).", Arity = ArgumentArity.ZeroOrOne };
        var recursive = new Option<bool>("--recursive") { Description = "Read the folder's subfolders too." };
        var server = new Option<string?>("--imap-server") { Description = "Read an IMAP mailbox on this host instead of a folder.", HelpName = "host" };
        var port = new Option<int?>("--imap-port") { Description = "The IMAP port (default 993, or 143 with --starttls).", HelpName = "port" };
        var user = new Option<string?>("--imap-user") { Description = "The mailbox's user name.", HelpName = "name" };
        var passwordVariable = new Option<string?>("--imap-password-variable")
        {
            Description = $"The environment variable holding the mailbox's password (default {DefaultPasswordVariable}).",
            HelpName = "name",
        };
        var startTls = new Option<bool>("--starttls") { Description = "Connect in plain text and require STARTTLS before signing in (default: TLS from the first byte)." };
        var authentication = new Option<ImapAuthentication>("--imap-auth") { Description = "Auto, Plain, Login or XOAuth2 (default Auto: the strongest the server offers; XOAuth2 takes its token from the Entra ID sign-in of the settings or RFQSENDER_GRAPH_ACCESS_TOKEN)." };
        var imapFolder = new Option<string?>("--imap-folder") { Description = "The IMAP folder to read (default INBOX).", HelpName = "name" };
        var moveTo = new Option<string?>("--move-to") { Description = "Move each recorded IMAP or Graph message to this folder (which must exist; Graph needs Mail.ReadWrite for it).", HelpName = "name" };
        var trustedCa = new Option<string?>("--trusted-ca") { Description = "A CA certificate (PEM or DER) to trust besides the system's.", HelpName = "file" };
        var thumbprints = new Option<string[]>("--trusted-thumbprint") { Description = "A server certificate to trust by SHA-1 or SHA-256 thumbprint (repeatable).", HelpName = "hex" };
        var skipCheck = new Option<bool>("--skip-certificate-check") { Description = "Accept any server certificate (a test server only)." };
        var graph = new Option<bool>("--graph") { Description = "Read an Exchange Online mailbox through Microsoft Graph (delta query; the app needs the Mail.Read application permission), signed in as the graph: settings and RFQSENDER_GRAPH_* variables say." };
        var mailbox = new Option<string?>("--mailbox") { Description = "The mailbox to read with --graph (UPN or SMTP address; a shared mailbox works; default the settings' graph mailbox).", HelpName = "upn" };
        var graphFolder = new Option<string?>("--graph-folder") { Description = "The Graph mail folder to read: a well-known name, a display name or Parent/Child (default inbox).", HelpName = "name" };
        var settingsFile = new Option<string?>("--settings") { Description = "Settings file (default ./rfqsender.yaml, then the data folder's): its replies: section names the source when none is given, its graph: section signs in.", HelpName = "file" };
        var environment = new Option<string?>("--environment") { Description = "Settings overlay, e.g. Production for rfqsender.Production.yaml (or RFQSENDER_ENVIRONMENT).", HelpName = "name" };
        var signIn = new GraphSignInOptions();
        var rfq = new Option<string[]>("--rfq") { Description = "Match against these campaigns only (repeatable; default every campaign of the store).", HelpName = "rfq-number" };
        var quotes = new Option<string?>("--quotes") { Description = "The folder quotes are kept under (default: a quotes folder beside the store file).", HelpName = "folder" };
        var noFiles = new Option<bool>("--no-files") { Description = "Record the messages without keeping their .eml files and attachments." };
        var max = new Option<int?>("--max") { Description = "Read at most this many new messages; the next run reads the rest.", HelpName = "count" };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var json = CommonOptions.Json();
        var log = CommonOptions.Log();
        var command = new Command("receive", "Read the new messages of a folder of .eml files, an IMAP mailbox or (--graph) an Exchange Online mailbox: each classified, matched to its delivery, its quote kept; a reply sets the delivery Responded, a permanent bounce Failed. Reading again changes nothing.")
        {
            folder, recursive, server, port, user, passwordVariable, startTls, authentication, imapFolder, moveTo, trustedCa, thumbprints, skipCheck,
            graph, mailbox, graphFolder, settingsFile, environment,
        };
        foreach (var option in signIn.All.Concat(new Option[] { rfq, quotes, noFiles, max, store, storeConnection, json, log }))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            try
            {
                var path = parse.GetValue(folder);
                var host = parse.GetValue(server);
                var useGraph = parse.GetValue(graph);
                if (useGraph && (!string.IsNullOrEmpty(path) || !string.IsNullOrEmpty(host)))
                {
                    error.WriteLine("rfq: name one thing to read: a folder of .eml files, --imap-server <host>, or --graph --mailbox <upn>.");
                    return ExitCodes.InvalidInput;
                }

                var settings = SettingsLoader.Load(parse.GetValue(settingsFile), parse.GetValue(environment));
                ReplySourceSettings source;
                if (useGraph)
                {
                    signIn.ApplyTo(parse, new SettingsOverrides()).ApplyTo(settings);
                    source = ReplySourceSettings.FromGraph(settings, parse.GetValue(mailbox), parse.GetValue(graphFolder) ?? "inbox");
                    source.MoveProcessedTo = parse.GetValue(moveTo);
                    if (string.IsNullOrWhiteSpace(source.Mailbox))
                    {
                        error.WriteLine("rfq: --graph needs the mailbox to read: --mailbox <upn> (or graph: mailbox: in the settings).");
                        return ExitCodes.InvalidInput;
                    }
                }
                else
                {
                    // What is given overrides replies: in rfqsender.yaml; with nothing given, the configured source is read.
                    var overrides = new ReplySourceOverrides
                    {
                        Path = string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path!),
                        Recursive = parse.GetValue(recursive) ? true : null,
                        ImapServer = host,
                        Port = parse.GetValue(port),
                        Security = parse.GetValue(startTls) ? ImapSecurity.StartTls : null,
                        UserName = parse.GetValue(user),
                        Authentication = parse.GetResult(authentication) is null ? null : parse.GetValue(authentication),
                        Folder = parse.GetValue(imapFolder),
                        MoveTo = parse.GetValue(moveTo),
                        TrustedCaCertificatePath = parse.GetValue(trustedCa) is { Length: > 0 } ca ? Path.GetFullPath(ca) : null,
                        SkipCertificateValidation = parse.GetValue(skipCheck) ? true : null,
                        TrustedCertificateThumbprints = parse.GetValue(thumbprints) is { Length: > 0 } pinned ? pinned : null,
                    };
                    if (parse.GetValue(passwordVariable) is { Length: > 0 } variable)
                    {
                        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } password)
                        {
                            error.WriteLine($"rfq: the IMAP password is to come from the environment variable {variable}, which is not set.");
                            return ExitCodes.InvalidInput;
                        }

                        overrides.Password = CommonOptions.Secure(password);
                    }

                    source = overrides.Resolve(settings);
                }

                var options = new ReceiveOptions
                {
                    RfqNumbers = parse.GetValue(rfq) is { Length: > 0 } numbers ? numbers : null,
                    QuotesFolder = parse.GetValue(quotes) is { Length: > 0 } q ? Path.GetFullPath(q) : null,
                    KeepFiles = !parse.GetValue(noFiles),
                    MaxMessages = parse.GetValue(max),
                };
                var asJson = parse.GetValue(json);
                using var runtime = CommonOptions.ForStore(parse.GetValue(store), parse.GetValue(storeConnection), settings);
                if (parse.GetValue(log) is { Length: > 0 } logFile)
                {
                    runtime.LogTo(logFile);
                }

                var result = runtime.ReceiveRepliesAsync(
                    source,
                    options,
                    received =>
                    {
                        if (received.Record is InboundRecord record)
                        {
                            Write(output, record, asJson);
                        }
                        else
                        {
                            error.WriteLine($"rfq: {received.SourceId} cannot be read (it is read again next time): {received.Problem}");
                        }
                    },
                    CancellationToken.None).GetAwaiter().GetResult();
                if (!asJson)
                {
                    output.WriteLine(result.ToString());
                }

                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }

    private static Command List(TextWriter output, TextWriter error)
    {
        var rfq = new Option<string?>("--rfq") { Description = "Only the messages matched to this campaign.", HelpName = "rfq-number" };
        var vendors = new Option<string[]>("--vendor") { Description = "Only the messages matched to these vendors (repeatable).", HelpName = "vendor-key" };
        var unmatched = new Option<bool>("--unmatched") { Description = "Only the messages no delivery (or several vendors) matched." };
        var kinds = new Option<ReplyKind[]>("--kind") { Description = "Only messages of these kinds: Reply, AutoReply, Bounce, MailingList (repeatable)." };
        var ids = new Option<long[]>("--id") { Description = "Only these messages, by id (repeatable).", HelpName = "id" };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var json = CommonOptions.Json();
        var command = new Command("list", "List the replies, bounces and auto-replies read into the store: the vendor, the kind, how each was matched, what it did, where its quote was kept.")
        {
            rfq, vendors, unmatched, kinds, ids, store, storeConnection, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var number = parse.GetValue(rfq);
                if (parse.GetValue(unmatched) && number is not null)
                {
                    error.WriteLine("rfq: --unmatched messages belong to no campaign; leave out --rfq.");
                    return ExitCodes.InvalidInput;
                }

                using var runtime = CommonOptions.OpenExistingStore(parse.GetValue(store), parse.GetValue(storeConnection), error);
                if (runtime is null)
                {
                    return ExitCodes.InvalidInput;
                }

                var deliveryStore = runtime.OpenExistingStore();
                if (number is not null && deliveryStore.GetCampaignsAsync(number, CancellationToken.None).GetAwaiter().GetResult().Count == 0)
                {
                    CommonOptions.WriteCampaignNotFound(error, number, deliveryStore);
                    return ExitCodes.InvalidInput;
                }

                var kindFilter = parse.GetValue(kinds) is { Length: > 0 } k ? k : null;
                var queries = parse.GetValue(ids) is { Length: > 0 } wanted
                    ? wanted.Select(id => new InboundQuery { Id = id, Kinds = kindFilter }).ToList()
                    : new List<InboundQuery>
                    {
                        new()
                        {
                            RfqNumber = number,
                            VendorKeys = parse.GetValue(vendors) is { Length: > 0 } v ? v : null,
                            Kinds = kindFilter,
                            Matched = parse.GetValue(unmatched) ? false : null,
                        },
                    };
                foreach (var query in queries)
                {
                    foreach (var record in runtime.GetRepliesAsync(query, CancellationToken.None).GetAwaiter().GetResult())
                    {
                        Write(output, record, parse.GetValue(json));
                    }
                }

                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }

    private static Command Assign(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("id") { Description = "The unmatched message, by the id rfq replies list shows." };
        var number = new Argument<string>("rfq-number") { Description = "The campaign of the vendor it belongs to." };
        var vendor = new Argument<string>("vendor-key") { Description = "The vendor it belongs to, by key." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded with the assignment beside who made it and when.", HelpName = "text" };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var json = CommonOptions.Json();
        var command = new Command("assign", "Assign a message no vendor matched to a vendor by hand: a reply then sets its delivery Responded; recorded with who, when and why.")
        {
            id, number, vendor, reason, store, storeConnection, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                using var runtime = CommonOptions.OpenExistingStore(parse.GetValue(store), parse.GetValue(storeConnection), error);
                if (runtime is null)
                {
                    return ExitCodes.InvalidInput;
                }

                var assigned = runtime.AssignReplyAsync(parse.GetValue(id), parse.GetValue(number)!, parse.GetValue(vendor)!, parse.GetValue(reason), null, CancellationToken.None).GetAwaiter().GetResult();
                Write(output, assigned, parse.GetValue(json));
                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }

    /// <summary>One message: a JSON line, or <c>#id received kind vendor (method) [from -> to] from: subject</c>.</summary>
    private static void Write(TextWriter output, InboundRecord record, bool json)
    {
        if (json)
        {
            JsonLines.Write(output, record);
            return;
        }

        var vendor = record.IsUnmatched ? "unmatched" : $"{record.RfqNumber} {record.VendorKey} ({record.MatchMethod})";
        var change = record.ChangedTo is DeliveryState to ? $" [{record.ChangedFrom} -> {to}]" : string.Empty;
        var files = record.Attachments.Count == 0 ? string.Empty : $", {record.Attachments.Count} file(s)";
        output.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "#{0} {1:yyyy-MM-dd HH:mm}Z {2}: {3}{4}{5} - {6}: {7}",
            record.Id,
            record.ReceivedAt.UtcDateTime,
            record.Classification,
            vendor,
            change,
            files,
            record.From ?? "(no sender)",
            record.Subject));
    }
}
