using System.Security;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Settings;

/// <summary>
/// What the caller says on the command line (cmdlet parameters, CLI options), applied over the
/// settings files and environment. Null means "not given". Both front ends fill this one type, so
/// a parameter means the same in Send-Rfq and in <c>rfq send</c>.
/// </summary>
public sealed class SettingsOverrides
{
    /// <summary>The store file.</summary>
    public string? StorePath { get; set; }

    /// <summary>The pickup folder.</summary>
    public string? PickupFolder { get; set; }

    /// <summary>The transport.</summary>
    public TransportKind? Transport { get; set; }

    /// <summary>SMTP server name.</summary>
    public string? SmtpServer { get; set; }

    /// <summary>SMTP port.</summary>
    public int? Port { get; set; }

    /// <summary>SMTP TLS mode.</summary>
    public SmtpTlsMode? TlsMode { get; set; }

    /// <summary>SMTP user name.</summary>
    public string? UserName { get; set; }

    /// <summary>SMTP password.</summary>
    public SecureString? Password { get; set; }

    /// <summary>Skip server certificate validation (SMTP).</summary>
    public bool? SkipCertificateValidation { get; set; }

    /// <summary>Server certificate thumbprints to trust (SMTP).</summary>
    public IReadOnlyList<string>? TrustedCertificateThumbprints { get; set; }

    /// <summary>A CA certificate file to trust (SMTP).</summary>
    public string? TrustedCaCertificatePath { get; set; }

    /// <summary>An access token the caller already has: Graph, or SMTP XOAUTH2.</summary>
    public SecureString? AccessToken { get; set; }

    /// <summary>Entra ID tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>App registration (client) id.</summary>
    public string? ClientId { get; set; }

    /// <summary>App registration client secret.</summary>
    public SecureString? ClientSecret { get; set; }

    /// <summary>Certificate thumbprint in the certificate store.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>Certificate file (PFX, or PEM on .NET 8).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the certificate file.</summary>
    public SecureString? CertificatePassword { get; set; }

    /// <summary>Use the managed identity (system-assigned unless a client id is given).</summary>
    public bool? ManagedIdentity { get; set; }

    /// <summary>Client id of a user-assigned managed identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The Microsoft cloud.</summary>
    public GraphCloud? Cloud { get; set; }

    /// <summary>The mailbox Graph sends as (UPN or id); defaults to the RFQ's From address.</summary>
    public string? Mailbox { get; set; }

    /// <summary>Keep a copy in the mailbox's Sent Items (Graph).</summary>
    public bool? SaveToSentItems { get; set; }

    /// <summary>Applies every value given over <paramref name="settings"/> and returns it.</summary>
    public RfqSenderSettings ApplyTo(RfqSenderSettings settings)
    {
        settings.StorePath = StorePath ?? settings.StorePath;
        settings.PickupFolder = PickupFolder ?? settings.PickupFolder;
        settings.Transport = Transport ?? settings.Transport;

        var smtp = settings.Smtp;
        smtp.Server = SmtpServer ?? smtp.Server;
        smtp.Port = Port ?? smtp.Port;
        smtp.TlsMode = TlsMode ?? smtp.TlsMode;
        smtp.SkipCertificateValidation = SkipCertificateValidation ?? smtp.SkipCertificateValidation;
        smtp.TrustedCaCertificatePath = TrustedCaCertificatePath ?? smtp.TrustedCaCertificatePath;
        if (TrustedCertificateThumbprints is { Count: > 0 })
        {
            smtp.TrustedCertificateThumbprints.Clear();
            foreach (var thumbprint in TrustedCertificateThumbprints)
            {
                smtp.TrustedCertificateThumbprints.Add(thumbprint);
            }
        }

        if (UserName is not null)
        {
            smtp.UserName = UserName;
            smtp.Password = Password;
            smtp.PasswordProvider = null;
        }

        var given = new GraphAuthenticationSettings
        {
            TenantId = TenantId,
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            CertificateThumbprint = CertificateThumbprint,
            CertificatePath = CertificatePath,
            CertificatePassword = CertificatePassword,
            UseManagedIdentity = (ManagedIdentity ?? false) || ManagedIdentityClientId is not null,
            ManagedIdentityClientId = ManagedIdentityClientId,
            AccessToken = AccessToken,
            Cloud = Cloud ?? GraphCloud.Global,
        };
        settings.GraphAuthentication = given.FillFrom(settings.GraphAuthentication);
        if (Cloud is GraphCloud cloud)
        {
            // FillFrom reads Global as "not given"; a cloud the caller names wins, Global included.
            settings.GraphAuthentication.Cloud = cloud;
        }
        settings.Graph.Mailbox = Mailbox ?? settings.Graph.Mailbox;
        settings.Graph.SaveToSentItems = SaveToSentItems ?? settings.Graph.SaveToSentItems;

        if (settings.Transport == TransportKind.Smtp && AccessToken is not null)
        {
            // A token the caller has serves SMTP XOAUTH2 (Exchange Online SMTP).
            var token = new StaticAccessTokenProvider(SecureText.ToPlainText(AccessToken));
            smtp.AuthMechanism = SmtpAuthMechanism.XOAuth2;
            smtp.AccessTokenProvider = token.ToTokenCallback(settings.GraphAuthentication.Endpoints.SmtpScope);
        }

        return settings;
    }
}
