using System.Security;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Responses.Sources;

namespace RfqSender.Engine.Settings;

/// <summary>
/// The reply source a caller names (Receive-RfqReply's parameters, <c>rfq replies receive</c>'s options),
/// applied over the one configured (<c>replies:</c> in rfqsender.yaml, <c>RFQSENDER_IMAP_PASSWORD</c>).
/// Null means "not given". Both front ends fill this one type and <see cref="Resolve"/> decides, so a
/// parameter means the same in the cmdlet and the command.
/// </summary>
public sealed class ReplySourceOverrides
{
    /// <summary>A folder of .eml files: names a folder source.</summary>
    public string? Path { get; set; }

    /// <summary>Read the folder's subfolders too.</summary>
    public bool? Recursive { get; set; }

    /// <summary>The IMAP server: names an IMAP source.</summary>
    public string? ImapServer { get; set; }

    /// <summary>The IMAP port.</summary>
    public int? Port { get; set; }

    /// <summary>How the IMAP connection is secured.</summary>
    public ImapSecurity? Security { get; set; }

    /// <summary>The mailbox's user name.</summary>
    public string? UserName { get; set; }

    /// <summary>The mailbox's password (from a credential, or a variable the caller names).</summary>
    public SecureString? Password { get; set; }

    /// <summary>How to sign in.</summary>
    public ImapAuthentication? Authentication { get; set; }

    /// <summary>An access token the caller has, for XOAUTH2 (Exchange Online IMAP); implies <see cref="ImapAuthentication.XOAuth2"/>.</summary>
    public SecureString? AccessToken { get; set; }

    /// <summary>The IMAP folder to read.</summary>
    public string? Folder { get; set; }

    /// <summary>The IMAP folder to move recorded messages to.</summary>
    public string? MoveTo { get; set; }

    /// <summary>Accept any server certificate (a test server only).</summary>
    public bool? SkipCertificateValidation { get; set; }

    /// <summary>A CA certificate to trust besides the system's.</summary>
    public string? TrustedCaCertificatePath { get; set; }

    /// <summary>Server certificates to trust by thumbprint; replace the configured ones when given.</summary>
    public IReadOnlyList<string>? TrustedCertificateThumbprints { get; set; }

    /// <summary>
    /// The source to read: the kind the caller's values name (a folder, or an IMAP value), else the one
    /// configured (<c>replies: source:</c>, else an IMAP server, else a folder); the configured values with
    /// the caller's over them. XOAUTH2 takes its token from the caller's token, else from the Entra ID
    /// sign-in of the settings (<c>graph:</c>, RFQSENDER_GRAPH_*), for Exchange Online as SMTP does.
    /// <paramref name="settings"/> is not changed.
    /// </summary>
    /// <exception cref="SettingsException">The values given name a folder and an IMAP mailbox at once.</exception>
    /// <exception cref="RfqSenderException">No source is given or configured.</exception>
    public ReplySourceSettings Resolve(RfqSenderSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var configured = settings.Replies;
        var imapGiven = ImapServer is not null || Port is not null || Security is not null || UserName is not null || Authentication is not null || AccessToken is not null
            || Folder is not null || MoveTo is not null || SkipCertificateValidation is not null || TrustedCaCertificatePath is not null || TrustedCertificateThumbprints is { Count: > 0 };
        if (Path is not null && imapGiven)
        {
            throw new SettingsException("parameters", null, "replies", "a folder of .eml files and IMAP values name two sources: give one");
        }

        var kind = Path is not null || Recursive is not null ? ReplySourceKind.Folder
            : imapGiven ? ReplySourceKind.Imap
            : settings.RepliesSource
              ?? (!string.IsNullOrWhiteSpace(configured.Server) ? ReplySourceKind.Imap
                  : !string.IsNullOrWhiteSpace(configured.Path) ? ReplySourceKind.Folder
                  : throw new RfqSenderException(
                      FailureKind.InvalidInput,
                      "No reply source: name a folder of .eml files or an IMAP server (-Path or -ImapServer; rfq replies receive <folder> or --imap-server), or configure one under replies: in rfqsender.yaml (docs/settings.md)."));

        if (kind == ReplySourceKind.Folder)
        {
            return ReplySourceSettings.FromFolder(Path ?? configured.Path ?? string.Empty, Recursive ?? configured.Recursive);
        }

        var source = new ReplySourceSettings
        {
            Kind = kind,
            Server = ImapServer ?? configured.Server,
            Port = Port ?? configured.Port,
            Security = Security ?? configured.Security,
            UserName = UserName ?? configured.UserName,
            Password = UserName is not null && Password is not null ? Password : Password ?? configured.Password,
            Authentication = Authentication ?? (AccessToken is not null ? ImapAuthentication.XOAuth2 : configured.Authentication),
            Folder = Folder ?? configured.Folder,
            MoveProcessedTo = MoveTo ?? configured.MoveProcessedTo,
            SkipCertificateValidation = SkipCertificateValidation ?? configured.SkipCertificateValidation,
            TrustedCaCertificatePath = TrustedCaCertificatePath ?? configured.TrustedCaCertificatePath,
            Timeout = configured.Timeout,
            AccessTokenProvider = configured.AccessTokenProvider,
        };
        foreach (var thumbprint in TrustedCertificateThumbprints is { Count: > 0 } given ? given : (IEnumerable<string>)configured.TrustedCertificateThumbprints)
        {
            source.TrustedCertificateThumbprints.Add(thumbprint);
        }

        if (source.Authentication == ImapAuthentication.XOAuth2 && source.AccessTokenProvider is null)
        {
            // Exchange Online IMAP: the sign-in that serves Graph and SMTP XOAUTH2 gives the token.
            var signIn = new GraphAuthenticationSettings { AccessToken = AccessToken }.FillFrom(settings.GraphAuthentication);
            if (signIn.CredentialKind != GraphCredentialKind.None)
            {
                source.AccessTokenProvider = signIn.CreateExchangeTokenCallback();
            }
        }

        return source;
    }
}
