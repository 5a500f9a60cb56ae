using System.Security;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Transports.Graph;

namespace RfqSender.Engine.Responses.Sources;

/// <summary>The source a read of replies uses, as a front end describes it; <see cref="ReplySourceFactory"/> opens it.</summary>
public sealed class ReplySourceSettings
{
    /// <summary>The kind of source.</summary>
    public ReplySourceKind Kind { get; set; } = ReplySourceKind.Folder;

    /// <summary>For a folder source, the folder of <c>.eml</c> files.</summary>
    public string? Path { get; set; }

    /// <summary>For a folder source, read its subfolders too.</summary>
    public bool Recursive { get; set; }

    /// <summary>For IMAP, the server's host name.</summary>
    public string? Server { get; set; }

    /// <summary>For IMAP, the port; null for 993 with <see cref="ImapSecurity.Tls"/>, 143 with <see cref="ImapSecurity.StartTls"/>.</summary>
    public int? Port { get; set; }

    /// <summary>For IMAP, how the connection is secured.</summary>
    public ImapSecurity Security { get; set; } = ImapSecurity.Tls;

    /// <summary>For IMAP, the account to sign in as.</summary>
    public string? UserName { get; set; }

    /// <summary>For IMAP, its password; never written to a store, a log or an error.</summary>
    public SecureString? Password { get; set; }

    /// <summary>
    /// For IMAP with <see cref="ImapAuthentication.XOAuth2"/>, a callback giving a current access token for
    /// Exchange Online (<see cref="Authentication.GraphAuthenticationSettings.CreateExchangeTokenCallback"/>);
    /// the token is never written to a store, a log or an error.
    /// </summary>
    public Func<CancellationToken, Task<string>>? AccessTokenProvider { get; set; }

    /// <summary>For IMAP, how to sign in.</summary>
    public ImapAuthentication Authentication { get; set; } = ImapAuthentication.Auto;

    /// <summary>For IMAP and Graph, the folder to read (for Graph a well-known name such as <c>inbox</c>, or a display name, <c>Inbox/RFQ</c> for a subfolder).</summary>
    public string Folder { get; set; } = "INBOX";

    /// <summary>For IMAP and Graph, a folder (that exists) to move each message to once it is recorded; null leaves messages where they are.</summary>
    public string? MoveProcessedTo { get; set; }

    /// <summary>For IMAP, accept any server certificate (a test server only).</summary>
    public bool SkipCertificateValidation { get; set; }

    /// <summary>For IMAP, a CA certificate (PEM or DER) to trust besides the system's.</summary>
    public string? TrustedCaCertificatePath { get; set; }

    /// <summary>For IMAP, server certificates to trust by SHA-1 or SHA-256 thumbprint.</summary>
    public IList<string> TrustedCertificateThumbprints { get; } = new List<string>();

    /// <summary>For IMAP, how long one command may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>For Graph, the mailbox to read (UPN, SMTP address or object id; a shared mailbox works like any other).</summary>
    public string? Mailbox { get; set; }

    /// <summary>For Graph, the app's sign-in: the same settings (the <c>graph:</c> section, RFQSENDER_GRAPH_* variables) that serve sending through Graph.</summary>
    public GraphAuthenticationSettings? GraphAuthentication { get; set; }

    /// <summary>For Graph, the Graph host, request timeout and throttling limits; null for the defaults of the sign-in's cloud.</summary>
    public GraphTransportOptions? GraphOptions { get; set; }

    /// <summary>For Graph, the HTTP handler of Graph's and the identity service's traffic (a proxy, tests); null for the default.</summary>
    internal HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>The IMAP port in effect.</summary>
    public int EffectivePort => Port ?? (Security == ImapSecurity.Tls ? 993 : 143);

    /// <summary>An IMAP source.</summary>
    public static ReplySourceSettings FromImap(string server, string userName, SecureString password, string folder = "INBOX") =>
        new() { Kind = ReplySourceKind.Imap, Server = server, UserName = userName, Password = password, Folder = folder };

    /// <summary>A Graph source over a folder (default the inbox) of <paramref name="mailbox"/>, signed in as <paramref name="authentication"/> says.</summary>
    public static ReplySourceSettings FromGraph(string mailbox, GraphAuthenticationSettings authentication, string folder = "inbox") =>
        new() { Kind = ReplySourceKind.Graph, Mailbox = mailbox, GraphAuthentication = authentication, Folder = folder };

    /// <summary>
    /// A Graph source with the sign-in, cloud and Graph options of <paramref name="settings"/> (as Graph sending uses them);
    /// the mailbox is <paramref name="mailbox"/>, else the settings' Graph mailbox.
    /// </summary>
    public static ReplySourceSettings FromGraph(RfqSenderSettings settings, string? mailbox, string folder = "inbox")
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var options = settings.Graph.Copy();
        options.GraphBaseUrl ??= settings.GraphAuthentication.Endpoints.GraphBaseUrl;
        var source = FromGraph(string.IsNullOrWhiteSpace(mailbox) ? settings.Graph.Mailbox ?? string.Empty : mailbox!, settings.GraphAuthentication, folder);
        source.GraphOptions = options;
        return source;
    }

    /// <summary>A folder source over <paramref name="path"/>.</summary>
    public static ReplySourceSettings FromFolder(string path, bool recursive = false) => new() { Kind = ReplySourceKind.Folder, Path = path, Recursive = recursive };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ReplySourceKind.Folder => "folder " + Path,
        ReplySourceKind.Graph => $"graph://{Mailbox}/{Folder}",
        _ => $"imap://{UserName}@{Server}:{EffectivePort}/{Folder}",
    };
}
