using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Web;
using RfqSender.Web.Security;

namespace RfqSender.Cli;

/// <summary>
/// <c>rfq serve</c>: the status page over a store, behind a sign-in (local users or Entra ID), until Ctrl+C or
/// SIGTERM; and <c>rfq serve --add-user</c>, which adds a local user (or gives one a new password) and exits.
/// Secrets come from the environment only: RFQSENDER_OIDC_CLIENT_SECRET, RFQSENDER_CERTIFICATE_PASSWORD,
/// RFQSENDER_NEW_USER_PASSWORD (or the terminal's prompt).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var address = new Option<string[]>("--address", "-a") { Description = "A URL to listen on (repeatable; default http://127.0.0.1:5080). Plain http only on 127.0.0.1 or ::1; https needs --certificate or --certificate-thumbprint.", HelpName = "url", AllowMultipleArgumentsPerToken = false };
        var certificate = new Option<string?>("--certificate") { Description = "The HTTPS certificate: a PFX file, or a PEM file (with --certificate-key). Its password comes from RFQSENDER_CERTIFICATE_PASSWORD.", HelpName = "file" };
        var certificateKey = new Option<string?>("--certificate-key") { Description = "The PEM private key of a PEM --certificate.", HelpName = "file" };
        var thumbprint = new Option<string?>("--certificate-thumbprint") { Description = "A certificate in the current user's or machine's 'My' certificate store, by thumbprint.", HelpName = "hex" };
        var users = new Option<string?>("--users") { Description = "The local users file (salted password hashes; made by --add-user).", HelpName = "file" };
        var authority = new Option<string?>("--oidc-authority") { Description = "Sign-in with Entra ID: the issuer, https://login.microsoftonline.com/TENANT-ID/v2.0. The client secret comes from RFQSENDER_OIDC_CLIENT_SECRET.", HelpName = "url" };
        var clientId = new Option<string?>("--oidc-client-id") { Description = "The application (client) ID of the app registration.", HelpName = "id" };
        var operators = new Option<string[]>("--oidc-operator") { Description = "An app role value or group object ID that makes a user an operator (repeatable; default the app role RfqSender.Operator).", HelpName = "value" };
        var viewers = new Option<string[]>("--oidc-viewer") { Description = "An app role value or group object ID that makes a user a viewer (repeatable; default the app role RfqSender.Viewer).", HelpName = "value" };
        var keys = new Option<string?>("--keys") { Description = "A folder that keeps the keys of sign-in cookies and form tokens, so a restart keeps users signed in (keep it private).", HelpName = "folder" };
        var accessLog = new Option<bool>("--access-log") { Description = "Write a line per request to standard output (method, path without query, status, user, time)." };
        var addUser = new Option<string?>("--add-user") { Description = "Add a local user to --users (or give an existing one a new password and role) and exit. The password comes from RFQSENDER_NEW_USER_PASSWORD or is asked for.", HelpName = "name" };
        var role = new Option<string?>("--role") { Description = "The role of --add-user: viewer (sees everything) or operator (also pauses, resumes, excludes vendors, assigns replies).", HelpName = "role" };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var command = new Command("serve", "Serve the status page of a store's campaigns (counts, answers, vendors, live progress, operators' actions) behind a sign-in.")
        {
            address, certificate, certificateKey, thumbprint, users, authority, clientId, operators, viewers, keys, accessLog, addUser, role, store, storeConnection,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                if (parse.GetValue(addUser) is { } name)
                {
                    return AddUser(output, error, parse.GetValue(users), name, parse.GetValue(role));
                }

                if (parse.GetValue(role) is not null)
                {
                    error.WriteLine("rfq: --role goes with --add-user.");
                    return ExitCodes.InvalidInput;
                }

                var storeSettings = CommonOptions.StoreFor(parse.GetValue(store), parse.GetValue(storeConnection));
                string storeDescription;
                using (var probe = CommonOptions.OpenExistingStore(parse.GetValue(store), parse.GetValue(storeConnection), error))
                {
                    if (probe is null)
                    {
                        return ExitCodes.InvalidInput;
                    }

                    storeDescription = probe.StoreDescription;
                }

                var options = new StatusServerOptions
                {
                    Store = storeSettings,
                    Urls = parse.GetValue(address) is { Length: > 0 } urls ? urls.ToList() : new List<string> { "http://127.0.0.1:5080" },
                    CertificatePath = parse.GetValue(certificate),
                    CertificateKeyPath = parse.GetValue(certificateKey),
                    CertificateThumbprint = parse.GetValue(thumbprint),
                    CertificatePassword = Environment.GetEnvironmentVariable("RFQSENDER_CERTIFICATE_PASSWORD"),
                    UsersFile = parse.GetValue(users) is { } file ? Path.GetFullPath(file) : null,
                    KeysPath = parse.GetValue(keys) is { } folder ? Path.GetFullPath(folder) : null,
                    AccessLog = parse.GetValue(accessLog) ? output : null,
                };
                if (parse.GetValue(authority) is { } issuer)
                {
                    var oidc = new OidcSignInOptions
                    {
                        Authority = issuer,
                        ClientId = parse.GetValue(clientId) ?? string.Empty,
                        ClientSecret = Environment.GetEnvironmentVariable("RFQSENDER_OIDC_CLIENT_SECRET"),
                        RequireHttpsMetadata = !issuer.StartsWith("http://", StringComparison.OrdinalIgnoreCase),
                    };
                    if (parse.GetValue(operators) is { Length: > 0 } operatorValues)
                    {
                        oidc.OperatorValues = operatorValues.ToList();
                    }

                    if (parse.GetValue(viewers) is { Length: > 0 } viewerValues)
                    {
                        oidc.ViewerValues = viewerValues.ToList();
                    }

                    options.Oidc = oidc;
                }
                else if (parse.GetValue(clientId) is not null)
                {
                    error.WriteLine("rfq: --oidc-client-id goes with --oidc-authority.");
                    return ExitCodes.InvalidInput;
                }

                await using var server = await StatusServer.StartAsync(options, cancellationToken);
                output.WriteLine($"rfq: the status page of {storeDescription} is at {string.Join(" and ", server.Addresses)} (Ctrl+C stops it).");
                output.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }

                output.WriteLine("rfq: the status page stopped.");
                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }

    private static int AddUser(TextWriter output, TextWriter error, string? usersPath, string name, string? role)
    {
        if (usersPath is null)
        {
            error.WriteLine("rfq: --add-user needs --users FILE, the file to add the user to.");
            return ExitCodes.InvalidInput;
        }

        var parsedRole = StatusRoles.Parse(role ?? StatusRoles.Viewer);
        if (parsedRole is null)
        {
            error.WriteLine($"rfq: --role is viewer or operator, not '{role}'.");
            return ExitCodes.InvalidInput;
        }

        var password = Environment.GetEnvironmentVariable("RFQSENDER_NEW_USER_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            password = AskPassword(error, name);
            if (password is null)
            {
                return ExitCodes.InvalidInput;
            }
        }

        if (password.Length < 12)
        {
            error.WriteLine("rfq: the password is shorter than 12 characters; choose a longer one.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            var file = new LocalUserFile(usersPath);
            var added = file.AddOrUpdate(name, parsedRole, password);
            output.WriteLine($"rfq: {(added ? "added" : "updated")} {parsedRole} '{name}' in {file.Path}.");
            return ExitCodes.Success;
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"rfq: {ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]}");
            return ExitCodes.InvalidInput;
        }
    }

    private static string? AskPassword(TextWriter error, string name)
    {
        if (Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                error.WriteLine("rfq: no password: set RFQSENDER_NEW_USER_PASSWORD or give it on standard input.");
                return null;
            }

            return line;
        }

        var first = Prompt($"Password for {name}: ");
        var second = Prompt("Again: ");
        if (first != second)
        {
            error.WriteLine("rfq: the two passwords differ; nothing was changed.");
            return null;
        }

        return first;
    }

    private static string Prompt(string text)
    {
        Console.Error.Write(text);
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
