using System.Security;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Engine.Tests.Responses.Sources;

/// <summary>
/// The local Dovecot that tests/ci/start-dovecot.sh configures, found through the env file it writes
/// (<c>$RFQSENDER_DOVECOT_DIR/env</c>, default <c>/tmp/rfqsender-dovecot/env</c>); its INBOX holds the
/// corpus. Tests make folders of their own (<see cref="CreateFolderAsync"/>) for everything they change.
/// </summary>
public sealed class DovecotTestServer
{
    private static readonly Lazy<DovecotTestServer?> Found = new(Find);

    private DovecotTestServer(Dictionary<string, string> values)
    {
        Host = values["host"];
        ImapsPort = int.Parse(values["imaps_port"]);
        ImapPort = int.Parse(values["imap_port"]);
        User = values["user"];
        PasswordText = values["password"];
        CaPath = values["ca"];
        InboxCount = int.Parse(values["inbox_count"]);
        IntrospectionUrl = values.TryGetValue("introspection_url", out var url) ? new Uri(url) : null;
    }

    /// <summary>True when the tests must run (CI, or RFQSENDER_IMAP_TESTS=1): a missing server then fails instead of skipping.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("RFQSENDER_IMAP_TESTS") == "1";

    public static string EnvFile => Path.Combine(Environment.GetEnvironmentVariable("RFQSENDER_DOVECOT_DIR") is { Length: > 0 } dir ? dir : "/tmp/rfqsender-dovecot", "env");

    public string Host { get; }

    public int ImapsPort { get; }

    public int ImapPort { get; }

    public string User { get; }

    public string PasswordText { get; }

    public string CaPath { get; }

    public int InboxCount { get; }

    /// <summary>Where Dovecot's oauth2 passdb checks XOAUTH2 tokens; null when start-dovecot.sh predates it.</summary>
    public Uri? IntrospectionUrl { get; }

    /// <summary>The server, or a skip (locally) or a failure (CI) saying how to start it.</summary>
    public static DovecotTestServer Require()
    {
        if (Found.Value is { } server)
        {
            return server;
        }

        var how = $"{EnvFile} is missing or Dovecot does not answer. Run tests/ci/install-test-services.sh as root.";
        if (Required)
        {
            throw new InvalidOperationException("The IMAP tests must run here (CI=true or RFQSENDER_IMAP_TESTS=1) but no Dovecot answers: " + how);
        }

        throw new SkipException("No local Dovecot for the IMAP tests: " + how);
    }

    public SecureString Password(string? text = null)
    {
        var secure = new SecureString();
        foreach (var c in text ?? PasswordText)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    /// <summary>Settings for a source over <paramref name="folder"/>: implicit TLS trusting the test CA.</summary>
    public ReplySourceSettings Source(string folder = "INBOX", ImapSecurity security = ImapSecurity.Tls)
    {
        var settings = ReplySourceSettings.FromImap(Host, User, Password(), folder);
        settings.Security = security;
        settings.Port = security == ImapSecurity.Tls ? ImapsPort : ImapPort;
        settings.TrustedCaCertificatePath = CaPath;
        return settings;
    }

    /// <summary>Settings for a source over <paramref name="folder"/> that signs in with XOAUTH2 and the token the callback gives.</summary>
    public ReplySourceSettings TokenSource(string folder, Func<CancellationToken, Task<string>> token)
    {
        var settings = Source(folder);
        settings.Password = null;
        settings.Authentication = ImapAuthentication.XOAuth2;
        settings.AccessTokenProvider = token;
        return settings;
    }

    /// <summary>A new folder of a unique name holding these corpus files, in order; returns its name.</summary>
    public async Task<string> CreateFolderAsync(IEnumerable<string> corpusFiles, string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        await WithClientAsync(async client =>
        {
            var folder = await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(name, true)
                ?? throw new InvalidOperationException("Dovecot did not create the folder " + name);
            await AppendAsync(folder, corpusFiles);
        });
        return name;
    }

    public async Task AppendAsync(string folderName, IEnumerable<string> corpusFiles) =>
        await WithClientAsync(async client => await AppendAsync(await client.GetFolderAsync(folderName), corpusFiles));

    /// <summary>Appends messages made on the fly, <paramref name="batch"/> per APPEND command (MULTIAPPEND, which Dovecot offers).</summary>
    public async Task AppendManyAsync(string folderName, IEnumerable<MimeMessage> messages, int batch) =>
        await WithClientAsync(async client =>
        {
            var folder = await client.GetFolderAsync(folderName);
            var pending = new List<IAppendRequest>(batch);
            foreach (var message in messages)
            {
                pending.Add(new AppendRequest(message));
                if (pending.Count == batch)
                {
                    await folder.AppendAsync(pending);
                    pending.Clear();
                }
            }

            if (pending.Count > 0)
            {
                await folder.AppendAsync(pending);
            }
        });

    /// <summary>How many messages the folder holds, and how many of them are \Seen.</summary>
    public async Task<(int Count, int Seen)> CountAsync(string folderName)
    {
        var counts = (0, 0);
        await WithClientAsync(async client =>
        {
            var folder = folderName == "INBOX" ? client.Inbox : await client.GetFolderAsync(folderName);
            await folder.OpenAsync(FolderAccess.ReadOnly);
            var seen = folder.Count == 0 ? 0 : (await folder.FetchAsync(0, -1, MessageSummaryItems.Flags)).Count(s => s.Flags!.Value.HasFlag(MessageFlags.Seen));
            counts = (folder.Count, seen);
        });
        return counts;
    }

    public async Task DeleteFolderAsync(string folderName) =>
        await WithClientAsync(async client => await (await client.GetFolderAsync(folderName)).DeleteAsync());

    private static async Task AppendAsync(IMailFolder folder, IEnumerable<string> corpusFiles)
    {
        foreach (var file in corpusFiles)
        {
            using var stream = File.OpenRead(Path.Combine(ResponseCorpus.Folder, file));
            await folder.AppendAsync(new AppendRequest(await MimeMessage.LoadAsync(stream)));
        }
    }

    private async Task WithClientAsync(Func<ImapClient, Task> work)
    {
        using var client = new ImapClient { CheckCertificateRevocation = false };
        var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(CaPath));
        client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None || certificate?.Issuer == ca.Subject;
        await client.ConnectAsync(Host, ImapsPort, SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync(User, PasswordText);
        await work(client);
        await client.DisconnectAsync(true);
    }

    private static DovecotTestServer? Find()
    {
        var values = ServiceEnvFile.Read(EnvFile);
        if (values is null || !values.ContainsKey("imaps_port"))
        {
            return null;
        }

        var server = new DovecotTestServer(values);
        return ServiceEnvFile.Listens(server.Host, server.ImapsPort) ? server : null;
    }
}
