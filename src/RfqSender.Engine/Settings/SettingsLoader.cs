using System.Collections;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Documents;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports.Smtp;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RfqSender.Engine.Settings;

/// <summary>
/// Reads <see cref="RfqSenderSettings"/>: the settings file, then its environment overlay, then
/// <c>RFQSENDER_*</c> environment variables, each overriding the one before. Keys are
/// case-insensitive; an unknown key is an error (a typo must not silently fall back to a default);
/// a secret in a file is an error (secrets come from variables or from the caller, never from files).
/// </summary>
/// <remarks>
/// The file is the one given, else <c>rfqsender.yaml</c> in the current folder, else in
/// <see cref="RfqSenderDefaults.DataDirectory"/>; none is fine. The overlay is
/// <c>rfqsender.&lt;environment&gt;.yaml</c> beside it, for the environment given or in
/// <c>RFQSENDER_ENVIRONMENT</c>.
/// </remarks>
public static class SettingsLoader
{
    /// <summary>The settings file name.</summary>
    public const string FileName = "rfqsender.yaml";

    /// <summary>Environment variable naming the overlay environment (e.g. Production).</summary>
    public const string EnvironmentVariable = "RFQSENDER_ENVIRONMENT";

    /// <summary>Environment variable choosing the transport: pickup, smtp or graph.</summary>
    public const string TransportVariable = "RFQSENDER_TRANSPORT";

    /// <summary>Environment variable for the SMTP password (never read from files).</summary>
    public const string SmtpPasswordVariable = "RFQSENDER_SMTP_PASSWORD";

    /// <summary>Environment variable with a PostgreSQL store's connection string (it may hold the password; it names the store kind).</summary>
    public const string StoreConnectionVariable = "RFQSENDER_STORE_CONNECTION";

    /// <summary>Environment variable for <see cref="RfqSenderSettings.StoreLease"/>, in seconds.</summary>
    public const string StoreLeaseVariable = "RFQSENDER_STORE_LEASE_SECONDS";

    /// <summary>Environment variable for a PostgreSQL store's password (never read from files).</summary>
    public const string StorePasswordVariable = "RFQSENDER_STORE_PASSWORD";

    /// <summary>Environment variable for the IMAP password of the reply source (never read from files).</summary>
    public const string ImapPasswordVariable = "RFQSENDER_IMAP_PASSWORD";

    /// <summary>Environment variable for <see cref="RfqSenderSettings.PickupDrafts"/>: true or false.</summary>
    public const string PickupDraftsVariable = "RFQSENDER_PICKUP_DRAFTS";

    private static readonly Dictionary<string, string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["smtp.password"] = SmtpPasswordVariable,
        ["store.password"] = StorePasswordVariable,
        ["graph.clientsecret"] = GraphAuthenticationSettings.ClientSecretVariable,
        ["graph.accesstoken"] = GraphAuthenticationSettings.AccessTokenVariable,
        ["graph.certificatepassword"] = GraphAuthenticationSettings.CertificatePasswordVariable,
        ["replies.imap.password"] = ImapPasswordVariable,
        ["replies.imap.accesstoken"] = GraphAuthenticationSettings.AccessTokenVariable,
    };

    private static readonly HashSet<string> Sections = new(StringComparer.OrdinalIgnoreCase) { "smtp", "graph", "store", "replies", "replies.imap" };

    /// <summary>Loads the settings.</summary>
    /// <param name="path">A settings file; it must exist when given. Null to look in the usual places.</param>
    /// <param name="environmentName">The overlay environment; null for <c>RFQSENDER_ENVIRONMENT</c>.</param>
    /// <param name="environment">The environment variables; null for the process's.</param>
    /// <param name="currentDirectory">Where to look for <c>rfqsender.yaml</c> first; null for the process's.</param>
    /// <exception cref="SettingsException">A file or variable has a bad value; the message names it.</exception>
    public static RfqSenderSettings Load(string? path = null, string? environmentName = null, IDictionary? environment = null, string? currentDirectory = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        var settings = new RfqSenderSettings();
        var file = FindFile(path, currentDirectory);
        if (file is not null)
        {
            Apply(settings, file);
            environmentName ??= Read(environment, EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(environmentName))
            {
                var overlay = Path.Combine(Path.GetDirectoryName(file)!, $"rfqsender.{environmentName!.Trim()}.yaml");
                if (File.Exists(overlay))
                {
                    Apply(settings, overlay);
                }
            }
        }

        ApplyEnvironment(settings, environment);
        return settings;
    }

    private static string? FindFile(string? path, string? currentDirectory)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            var full = Path.GetFullPath(path);
            return File.Exists(full) ? full : throw new SettingsException(full, null, "file", "the settings file does not exist");
        }

        return new[] { Path.Combine(currentDirectory ?? Directory.GetCurrentDirectory(), FileName), Path.Combine(RfqSenderDefaults.DataDirectory, FileName) }
            .FirstOrDefault(File.Exists);
    }

    private static void Apply(RfqSenderSettings settings, string file)
    {
        YamlStream stream;
        try
        {
            DocumentLimits.Default.CheckFile(file);
            using var reader = new StreamReader(file);
            stream = YamlDocumentLoader.Load(reader.ReadToEnd());
        }
        catch (YamlException ex)
        {
            throw new SettingsException(file, (int)ex.Start.Line, "(file)", $"not valid YAML: {ex.Message}");
        }
        catch (DocumentLimitException ex)
        {
            throw new SettingsException(file, ex.Line, "(file)", ex.Message);
        }

        settings.Sources.Add(file);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SettingsException(file, Line(stream.Documents[0].RootNode), "(file)", "the file must be a map of settings");
        }

        var directory = Path.GetDirectoryName(file)!;
        foreach (var (key, value) in Entries(file, root, string.Empty))
        {
            ApplyKey(settings, file, directory, key, value);
        }
    }

    private static IEnumerable<(string Key, YamlNode Value)> Entries(string file, YamlMappingNode map, string prefix)
    {
        foreach (var entry in map.Children)
        {
            var name = prefix + ((entry.Key as YamlScalarNode)?.Value ?? throw new SettingsException(file, Line(entry.Key), prefix + "?", "keys must be plain names"));
            if (entry.Value is YamlMappingNode child && Sections.Contains(name))
            {
                foreach (var inner in Entries(file, child, name + "."))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return (name, entry.Value);
            }
        }
    }

    private static void ApplyKey(RfqSenderSettings settings, string file, string directory, string key, YamlNode node)
    {
        var line = Line(node);
        if (SecretKeys.TryGetValue(key, out var variable))
        {
            throw new SettingsException(file, line, key, $"secrets are never read from settings files; set the environment variable {variable} or pass it as a parameter");
        }

        string Text() => node is YamlScalarNode { Value: { } v } ? v.Trim() : throw new SettingsException(file, line, key, "must be a single value");
        string PathValue() => Path.GetFullPath(Path.Combine(directory, Text()));
        int Number(int min, int max) =>
            int.TryParse(Text(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new SettingsException(file, line, key, $"'{Text()}' is not a whole number from {min} to {max}");
        bool Flag() => bool.TryParse(Text(), out var b) ? b : throw new SettingsException(file, line, key, $"'{Text()}' is not true or false");
        T Choice<T>() where T : struct => Enum.TryParse<T>(Text(), ignoreCase: true, out var value) && Enum.IsDefined(typeof(T), value)
            ? value
            : throw new SettingsException(file, line, key, $"'{Text()}' is not one of {string.Join(", ", Enum.GetNames(typeof(T)))}");
        Uri Url() => Uri.TryCreate(Text(), UriKind.Absolute, out var uri) && GraphCloudEndpoints.IsSecure(uri)
            ? uri
            : throw new SettingsException(file, line, key, $"'{Text()}' is not an absolute https URL");
        IEnumerable<string> List() => node is YamlSequenceNode sequence
            ? sequence.Children.Select(c => (c as YamlScalarNode)?.Value?.Trim() ?? string.Empty).Where(v => v.Length > 0)
            : Text().Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim());

        var smtp = settings.Smtp;
        var graph = settings.GraphAuthentication;
        var replies = settings.Replies;
        try
        {
            switch (key.ToLowerInvariant())
            {
                case "store": settings.StorePath = PathValue(); break;
                case "store.path": settings.StorePath = PathValue(); break;
                case "store.kind": settings.StoreKind = Choice<StoreKind>(); break;
                case "store.connectionstring":
                    var connection = Text();
                    if (Tracking.PostgreSql.PostgreSqlConnectionInfo.HasPassword(connection))
                    {
                        // Named, never shown: the value holds a secret.
                        throw new SettingsException(file, line, key, $"a connection string in a settings file may not hold a password; remove Password= and set the environment variable {StorePasswordVariable}, or pass -StoreCredential");
                    }

                    settings.StoreConnectionString = connection;
                    break;
                case "store.retryseconds": settings.StoreRetryFor = TimeSpan.FromSeconds(Number(1, 3600)); break;
                case "store.leaseseconds": settings.StoreLease = TimeSpan.FromSeconds(Number(10, 86400)); break;
                case "pickupfolder": settings.PickupFolder = PathValue(); break;
                case "pickupdrafts": settings.PickupDrafts = Flag(); break;
                case "transport": settings.Transport = Choice<TransportKind>(); break;
                case "smtp.server": smtp.Server = Text(); break;
                case "smtp.port": smtp.Port = Number(1, 65535); break;
                case "smtp.tlsmode": smtp.TlsMode = SmtpTlsModeNames.TryParse(Text(), out var tlsMode) ? tlsMode : throw new SettingsException(file, line, key, $"'{Text()}' is not one of {SmtpTlsModeNames.Accepted}"); break;
                case "smtp.username": smtp.UserName = Text(); break;
                case "smtp.authmechanism": smtp.AuthMechanism = Choice<SmtpAuthMechanism>(); break;
                case "smtp.skipcertificatevalidation": smtp.SkipCertificateValidation = Flag(); break;
                case "smtp.trustedcacertificatepath": smtp.TrustedCaCertificatePath = PathValue(); break;
                case "smtp.trustedcertificatethumbprints":
                    smtp.TrustedCertificateThumbprints.Clear();
                    foreach (var thumbprint in List())
                    {
                        smtp.TrustedCertificateThumbprints.Add(thumbprint);
                    }

                    break;
                case "smtp.clientname": smtp.ClientName = Text(); break;
                case "smtp.connecttimeoutseconds": smtp.ConnectTimeout = TimeSpan.FromSeconds(Number(1, 86400)); break;
                case "smtp.commandtimeoutseconds": smtp.CommandTimeout = TimeSpan.FromSeconds(Number(1, 86400)); break;
                case "smtp.datatimeoutseconds": smtp.DataTimeout = TimeSpan.FromSeconds(Number(1, 86400)); break;
                case "smtp.finalreplytimeoutseconds": smtp.FinalReplyTimeout = TimeSpan.FromSeconds(Number(1, 86400)); break;
                case "graph.tenantid": graph.TenantId = Text(); break;
                case "graph.clientid": graph.ClientId = Text(); break;
                case "graph.certificatethumbprint": graph.CertificateThumbprint = Text(); break;
                case "graph.certificatestore": graph.CertificateStoreLocation = Choice<StoreLocation>(); break;
                case "graph.certificatepath": graph.CertificatePath = PathValue(); break;
                case "graph.managedidentity":
                    var identity = Text();
                    graph.UseManagedIdentity = !identity.Equals("false", StringComparison.OrdinalIgnoreCase);
                    graph.ManagedIdentityClientId = identity.Equals("true", StringComparison.OrdinalIgnoreCase) || identity.Equals("system", StringComparison.OrdinalIgnoreCase) || !graph.UseManagedIdentity ? null : identity;
                    break;
                case "graph.cloud": graph.Cloud = GraphAuthenticationSettings.ParseCloud(Text(), key); break;
                case "graph.authorityhost": graph.AuthorityHost = Url(); break;
                case "graph.baseurl": graph.GraphBaseUrl = Url(); settings.Graph.GraphBaseUrl = graph.GraphBaseUrl; break;
                case "graph.mailbox": settings.Graph.Mailbox = Text(); break;
                case "graph.savetosentitems": settings.Graph.SaveToSentItems = Flag(); break;
                case "replies.source": settings.RepliesSource = Choice<Responses.Sources.ReplySourceKind>(); break;
                case "replies.folder": replies.Path = PathValue(); break;
                case "replies.recursive": replies.Recursive = Flag(); break;
                case "replies.imap.server": replies.Server = Text(); break;
                case "replies.imap.port": replies.Port = Number(1, 65535); break;
                case "replies.imap.security": replies.Security = Choice<Responses.Sources.ImapSecurity>(); break;
                case "replies.imap.username": replies.UserName = Text(); break;
                case "replies.imap.authentication": replies.Authentication = Choice<Responses.Sources.ImapAuthentication>(); break;
                case "replies.imap.folder": replies.Folder = Text(); break;
                case "replies.imap.moveto": replies.MoveProcessedTo = Text(); break;
                case "replies.imap.skipcertificatevalidation": replies.SkipCertificateValidation = Flag(); break;
                case "replies.imap.trustedcacertificatepath": replies.TrustedCaCertificatePath = PathValue(); break;
                case "replies.imap.trustedcertificatethumbprints":
                    replies.TrustedCertificateThumbprints.Clear();
                    foreach (var thumbprint in List())
                    {
                        replies.TrustedCertificateThumbprints.Add(thumbprint);
                    }

                    break;
                case "replies.imap.timeoutseconds": replies.Timeout = TimeSpan.FromSeconds(Number(1, 86400)); break;
                default:
                    throw new SettingsException(file, line, key, "unknown setting; see docs/settings.md for the settings there are");
            }
        }
        catch (RfqSenderException ex) when (ex is not SettingsException)
        {
            throw new SettingsException(file, line, key, ex.Message);
        }
    }

    private static void ApplyEnvironment(RfqSenderSettings settings, IDictionary environment)
    {
        string? Get(string name) => Read(environment, name);
        if (Get(RfqSenderDefaults.StoreVariable) is string store)
        {
            settings.StorePath = store;
        }

        if (Get(StoreConnectionVariable) is string connection)
        {
            settings.StoreConnectionString = connection;
            settings.StoreKind = StoreKind.PostgreSql;
        }

        if (Get(StoreLeaseVariable) is string leaseSeconds)
        {
            settings.StoreLease = int.TryParse(leaseSeconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 10 and <= 86400
                ? TimeSpan.FromSeconds(seconds)
                : throw new SettingsException(StoreLeaseVariable, null, StoreLeaseVariable, $"'{leaseSeconds}' is not a number of seconds from 10 to 86400");
        }

        if (Get(StorePasswordVariable) is string storePassword)
        {
            settings.StorePassword = SecureText.ToSecureString(storePassword);
        }

        if (Get(RfqSenderDefaults.PickupVariable) is string pickup)
        {
            settings.PickupFolder = pickup;
        }

        if (Get(PickupDraftsVariable) is string drafts)
        {
            settings.PickupDrafts = bool.TryParse(drafts, out var draft)
                ? draft
                : throw new SettingsException(PickupDraftsVariable, null, PickupDraftsVariable, $"'{drafts}' is not true or false");
        }

        if (Get(TransportVariable) is string transport)
        {
            settings.Transport = Enum.TryParse<TransportKind>(transport, true, out var kind) && Enum.IsDefined(typeof(TransportKind), kind)
                ? kind
                : throw new SettingsException(TransportVariable, null, TransportVariable, $"'{transport}' is not one of pickup, smtp, graph");
            settings.Sources.Add(TransportVariable);
        }

        var smtp = settings.Smtp;
        if (Get("RFQSENDER_SMTP_SERVER") is string server)
        {
            smtp.Server = server;
        }

        if (Get("RFQSENDER_SMTP_PORT") is string port)
        {
            smtp.Port = int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
                ? p
                : throw new SettingsException("RFQSENDER_SMTP_PORT", null, "RFQSENDER_SMTP_PORT", $"'{port}' is not a port number");
        }

        if (Get("RFQSENDER_SMTP_TLS_MODE") is string tls)
        {
            smtp.TlsMode = SmtpTlsModeNames.TryParse(tls, out var mode)
                ? mode
                : throw new SettingsException("RFQSENDER_SMTP_TLS_MODE", null, "RFQSENDER_SMTP_TLS_MODE", $"'{tls}' is not one of {SmtpTlsModeNames.Accepted}");
        }

        TimeSpan? Seconds(string name)
        {
            if (Get(name) is not string text)
            {
                return null;
            }

            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 86400
                ? TimeSpan.FromSeconds(s)
                : throw new SettingsException(name, null, name, $"'{text}' is not a number of seconds from 1 to 86400");
        }

        smtp.ConnectTimeout = Seconds("RFQSENDER_SMTP_CONNECT_TIMEOUT") ?? smtp.ConnectTimeout;
        smtp.CommandTimeout = Seconds("RFQSENDER_SMTP_COMMAND_TIMEOUT") ?? smtp.CommandTimeout;
        smtp.DataTimeout = Seconds("RFQSENDER_SMTP_DATA_TIMEOUT") ?? smtp.DataTimeout;
        smtp.FinalReplyTimeout = Seconds("RFQSENDER_SMTP_FINAL_REPLY_TIMEOUT") ?? smtp.FinalReplyTimeout;

        if (Get("RFQSENDER_SMTP_USERNAME") is string user)
        {
            smtp.UserName = user;
        }

        if (Get(SmtpPasswordVariable) is string password)
        {
            smtp.PasswordProvider = () => password;
        }

        if (Get(ImapPasswordVariable) is string imapPassword)
        {
            settings.Replies.Password = SecureText.ToSecureString(imapPassword);
        }

        var graphFromEnvironment = GraphAuthenticationSettings.FromEnvironment(environment);
        settings.GraphAuthentication = graphFromEnvironment.FillFrom(settings.GraphAuthentication);
        var optionsFromEnvironment = Transports.Graph.GraphTransportOptions.FromEnvironment(environment);
        settings.Graph.Mailbox = optionsFromEnvironment.Mailbox ?? settings.Graph.Mailbox;
        settings.Graph.GraphBaseUrl = optionsFromEnvironment.GraphBaseUrl ?? settings.Graph.GraphBaseUrl;
        if (Read(environment, Transports.Graph.GraphTransportOptions.SaveToSentItemsVariable) is not null)
        {
            settings.Graph.SaveToSentItems = optionsFromEnvironment.SaveToSentItems;
        }
    }

    private static string? Read(IDictionary environment, string name)
    {
        var value = environment.Contains(name) ? environment[name] as string : null;
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    private static int? Line(YamlNode node) => node.Start.Line > 0 ? (int)node.Start.Line : null;
}
