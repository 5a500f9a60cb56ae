using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Security;
using System.Text;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// Where and how to submit mail over SMTP. Secrets are held as a <see cref="SecureString"/> or
/// callbacks, read only while authenticating, and never appear in <see cref="ToString"/>.
/// </summary>
public sealed class SmtpSettings
{
    /// <summary>The submission port (RFC 6409), STARTTLS.</summary>
    public const int SubmissionPort = 587;

    /// <summary>The implicit-TLS submission port (RFC 8314).</summary>
    public const int ImplicitTlsPort = 465;

    /// <summary>The server's host name or IP address, e.g. <c>mail.contoso.com</c>.</summary>
    public string Server { get; set; } = string.Empty;

    /// <summary>The TCP port: 587 (default), 465 (implicit TLS) or 25.</summary>
    public int Port { get; set; } = SubmissionPort;

    /// <summary>
    /// Encryption; null (default) chooses: <see cref="SmtpTlsMode.Implicit"/> on port 465,
    /// <see cref="SmtpTlsMode.Required"/> when credentials are given, <see cref="SmtpTlsMode.Opportunistic"/> otherwise.
    /// </summary>
    public SmtpTlsMode? TlsMode { get; set; }

    /// <summary>The user name for AUTH, or null to send without authenticating.</summary>
    public string? UserName { get; set; }

    /// <summary>The password for AUTH PLAIN or LOGIN.</summary>
    public SecureString? Password { get; set; }

    /// <summary>Returns the password when it is needed (e.g. from a secret store); used when <see cref="Password"/> is null.</summary>
    public Func<string>? PasswordProvider { get; set; }

    /// <summary>
    /// Returns an OAuth 2.0 access token for XOAUTH2, called at every authentication so a fresh
    /// token is used after a reconnect. When set, XOAUTH2 is used instead of a password.
    /// </summary>
    public Func<CancellationToken, Task<string>>? AccessTokenProvider { get; set; }

    /// <summary>The AUTH mechanism to use; null picks XOAUTH2 for a token, else PLAIN, else LOGIN, among those the server offers.</summary>
    public SmtpAuthMechanism? AuthMechanism { get; set; }

    /// <summary>Accept any server certificate. Only for tests and lab servers: it allows interception.</summary>
    public bool SkipCertificateValidation { get; set; }

    /// <summary>A CA certificate file (PEM or DER; a PEM file may hold several) trusted in addition to the system's roots.</summary>
    public string? TrustedCaCertificatePath { get; set; }

    /// <summary>Server certificate thumbprints (SHA-1 or SHA-256, hex; spaces and colons ignored) accepted whatever their chain.</summary>
    public IList<string> TrustedCertificateThumbprints { get; private set; } = new List<string>();

    /// <summary>The name sent with EHLO; null uses this machine's fully qualified name, else <c>localhost</c>.</summary>
    public string? ClientName { get; set; }

    /// <summary>A copy of these settings that can be changed without changing them (the thumbprint list is copied; secrets and callbacks are shared).</summary>
    public SmtpSettings Copy()
    {
        var copy = (SmtpSettings)MemberwiseClone();
        copy.TrustedCertificateThumbprints = new List<string>(TrustedCertificateThumbprints);
        return copy;
    }

    /// <summary>The default of <see cref="ConnectTimeout"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The default of <see cref="CommandTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default of <see cref="DataTimeout"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultDataTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The default of <see cref="FinalReplyTimeout"/>: 2 minutes.</summary>
    public static readonly TimeSpan DefaultFinalReplyTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long opening the connection may take: the TCP connection, the TLS handshake of implicit
    /// TLS, and the server's greeting. A server that accepts the connection and then says nothing
    /// (often one that expects implicit TLS) is given up on after this.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>How long the server may take to answer a command (EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA, RSET).</summary>
    public TimeSpan CommandTimeout { get; set; } = DefaultCommandTimeout;

    /// <summary>How long writing one message's content to the server may take in all.</summary>
    public TimeSpan DataTimeout { get; set; } = DefaultDataTimeout;

    /// <summary>
    /// How long the server may take to answer after the message's final dot. A message not confirmed
    /// in this time is in doubt (it may have been delivered), and the run stops.
    /// </summary>
    public TimeSpan FinalReplyTimeout { get; set; } = DefaultFinalReplyTimeout;

    /// <summary>
    /// Receives the protocol transcript, one line per call (<c>C: </c> for the client, <c>S: </c> for
    /// the server); AUTH payloads are replaced by <c>***</c> and message content is not logged.
    /// </summary>
    public Action<string>? ProtocolLog { get; set; }

    /// <summary>True when a user name is given, with a password or a token provider.</summary>
    public bool HasCredentials => !string.IsNullOrEmpty(UserName) && (Password is not null || PasswordProvider is not null || AccessTokenProvider is not null);

    /// <summary>The TLS mode in force once the defaults are applied.</summary>
    public SmtpTlsMode EffectiveTlsMode => (TlsMode == SmtpTlsMode.Auto ? null : TlsMode)
        ?? (Port == ImplicitTlsPort ? SmtpTlsMode.Implicit : HasCredentials ? SmtpTlsMode.Required : SmtpTlsMode.Opportunistic);

    /// <summary>The EHLO name in force.</summary>
    public string EffectiveClientName => string.IsNullOrWhiteSpace(ClientName) ? DefaultClientName() : ClientName!.Trim();

    /// <summary>Checks the settings; the message names the setting to fix.</summary>
    /// <exception cref="SmtpConfigurationException">A setting is missing or invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Server))
        {
            errors.Add("Server is required (the SMTP host name, e.g. mail.contoso.com).");
        }
        else if (Server.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/' || c == '@'))
        {
            errors.Add($"Server '{Server}' is not a host name or IP address.");
        }

        if (Port < 1 || Port > 65535)
        {
            errors.Add($"Port {Port.ToString(CultureInfo.InvariantCulture)} is not between 1 and 65535.");
        }

        var hasSecret = Password is not null || PasswordProvider is not null || AccessTokenProvider is not null;
        if (hasSecret && string.IsNullOrEmpty(UserName))
        {
            errors.Add("UserName is required when a password or access token is given.");
        }

        if (!string.IsNullOrEmpty(UserName) && !hasSecret)
        {
            errors.Add($"The user name '{UserName}' is given without a password or an access token: give the password with -Credential (PowerShell) or in RFQSENDER_SMTP_PASSWORD (rfq), or a token with -AccessToken.");
        }

        if (UserName is not null && UserName.Any(char.IsControl))
        {
            errors.Add("UserName contains a control character.");
        }

        if (AuthMechanism == SmtpAuthMechanism.XOAuth2 && AccessTokenProvider is null)
        {
            errors.Add("AuthMechanism XOAuth2 needs an AccessTokenProvider.");
        }

        if (AuthMechanism is SmtpAuthMechanism.Plain or SmtpAuthMechanism.Login && Password is null && PasswordProvider is null)
        {
            errors.Add($"AUTH {AuthMechanism} needs a password: give it with -Credential (PowerShell) or in RFQSENDER_SMTP_PASSWORD (rfq).");
        }

        if (TrustedCaCertificatePath is not null && !File.Exists(TrustedCaCertificatePath))
        {
            errors.Add($"TrustedCaCertificatePath '{TrustedCaCertificatePath}' does not exist.");
        }

        foreach (var thumbprint in TrustedCertificateThumbprints)
        {
            var hex = NormalizeThumbprint(thumbprint);
            if ((hex.Length != 40 && hex.Length != 64) || !hex.All(Uri.IsHexDigit))
            {
                errors.Add($"TrustedCertificateThumbprints entry '{thumbprint}' is not a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint.");
            }
        }

        if (ClientName is not null && (ClientName.Trim().Length == 0 || ClientName.Any(c => c <= ' ' || c >= 127)))
        {
            errors.Add($"ClientName '{ClientName}' is not a host name (letters, digits, dots and hyphens) or an address literal.");
        }

        CheckTimeout(errors, nameof(ConnectTimeout), ConnectTimeout);
        CheckTimeout(errors, nameof(CommandTimeout), CommandTimeout);
        CheckTimeout(errors, nameof(DataTimeout), DataTimeout);
        CheckTimeout(errors, nameof(FinalReplyTimeout), FinalReplyTimeout);

        if (errors.Count > 0)
        {
            throw new SmtpConfigurationException("The SMTP settings are not valid: " + string.Join(" ", errors));
        }
    }

    /// <summary>A description without secrets, e.g. <c>mail.contoso.com:587 (STARTTLS, AUTH as user)</c>.</summary>
    public override string ToString()
    {
        var tls = EffectiveTlsMode switch
        {
            SmtpTlsMode.Implicit => "implicit TLS",
            SmtpTlsMode.Required => "STARTTLS",
            SmtpTlsMode.Opportunistic => "STARTTLS if offered",
            _ => "no TLS",
        };
        var sb = new StringBuilder().Append(Server).Append(':').Append(Port.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(tls);
        if (HasCredentials)
        {
            sb.Append(AccessTokenProvider is not null ? ", XOAUTH2 as " : ", AUTH as ").Append(UserName);
        }

        if (SkipCertificateValidation)
        {
            sb.Append(", certificate not validated");
        }

        return sb.Append(')').ToString();
    }

    internal static string NormalizeThumbprint(string thumbprint) =>
        new string((thumbprint ?? string.Empty).Where(c => c != ' ' && c != ':' && c != '\u200e' && c != '-').ToArray()).ToUpperInvariant();

    /// <summary>Reads the password from whichever source is set.</summary>
    internal string? ReadPassword()
    {
        if (Password is not null)
        {
            return new NetworkCredential(string.Empty, Password).Password;
        }

        return PasswordProvider?.Invoke();
    }

    private static void CheckTimeout(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{name} must be positive.");
        }
    }

    private static string DefaultClientName()
    {
        try
        {
            var properties = IPGlobalProperties.GetIPGlobalProperties();
            var host = properties.HostName;
            var domain = properties.DomainName;
            var name = string.IsNullOrEmpty(domain) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase) ? host : host + "." + domain;
            if (!string.IsNullOrEmpty(name) && name.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
            {
                return name;
            }
        }
        catch (NetworkInformationException)
        {
        }
        catch (PlatformNotSupportedException)
        {
        }

        return "localhost";
    }
}
