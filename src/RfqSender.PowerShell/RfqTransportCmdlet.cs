using System.Management.Automation;
using System.Security;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.PowerShell;

/// <summary>
/// The parameters of cmdlets that use a transport: the settings file and overlay, and how messages
/// leave (pickup folder, SMTP or Microsoft Graph). Values come from rfqsender.yaml and
/// RFQSENDER_* variables unless a parameter says otherwise.
/// </summary>
public abstract class RfqTransportCmdlet : RfqCmdlet, IGraphSignInParameters
{
    /// <summary>A settings file (rfqsender.yaml); default ./rfqsender.yaml, then the user's RfqSender folder.</summary>
    [Parameter]
    public string? SettingsPath { get; set; }

    /// <summary>The settings overlay to apply, e.g. Production for rfqsender.Production.yaml.</summary>
    [Parameter]
    public string? Environment { get; set; }

    /// <summary>How messages leave: Pickup (.eml files), Smtp or Graph.</summary>
    [Parameter]
    public TransportKind Transport { get; set; }

    /// <summary>Folder the .eml files are written to (Pickup).</summary>
    [Parameter]
    public string? PickupFolder { get; set; }

    /// <summary>SMTP server (Smtp).</summary>
    [Parameter]
    [Alias("Server")]
    public string? SmtpServer { get; set; }

    /// <summary>SMTP port: 587 (STARTTLS), 465 (implicit TLS) or 25 (Smtp).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    /// <summary>SMTP user name and password (Smtp). Never stored.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>
    /// Required, Opportunistic, None, Implicit or Auto (Smtp); MailKit's StartTls, StartTlsWhenAvailable
    /// and SslOnConnect are accepted too. Required is the default when credentials are given.
    /// </summary>
    [Parameter]
    [SmtpTlsModeTransformation]
    public SmtpTlsMode TlsMode { get; set; }

    /// <summary>Encrypt, as Send-MailMessage's -UseSsl: implicit TLS on port 465, STARTTLS required elsewhere (Smtp).</summary>
    [Parameter]
    public SwitchParameter UseSsl { get; set; }

    /// <summary>Accept any server certificate (Smtp). Only for test servers.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Server certificate thumbprints (SHA-1 or SHA-256) to trust (Smtp).</summary>
    [Parameter]
    public string[]? TrustedCertificateThumbprint { get; set; }

    /// <summary>A CA certificate file (PEM or DER) to trust for the server's certificate (Smtp).</summary>
    [Parameter]
    public string? TrustedCaCertificatePath { get; set; }

    /// <summary>Seconds for the connection, TLS handshake and greeting (Smtp); default 15.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int ConnectTimeoutSeconds { get; set; }

    /// <summary>Seconds the server may take to answer a command (Smtp); default 30.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int CommandTimeoutSeconds { get; set; }

    /// <summary>Seconds writing one message's content may take (Smtp); default 300.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int DataTimeoutSeconds { get; set; }

    /// <summary>Seconds the server may take to confirm a message after its content (Smtp); default 120.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int FinalReplyTimeoutSeconds { get; set; }

    /// <summary>An access token you already have (Get-AzAccessToken, Connect-MgGraph): Graph, or XOAUTH2 with Smtp.</summary>
    [Parameter]
    public SecureString? AccessToken { get; set; }

    /// <summary>Entra ID tenant id or domain (Graph).</summary>
    [Parameter]
    public string? TenantId { get; set; }

    /// <summary>App registration (client) id (Graph).</summary>
    [Parameter]
    [Alias("ApplicationId")]
    public string? ClientId { get; set; }

    /// <summary>App registration client secret (Graph). Never stored.</summary>
    [Parameter]
    public SecureString? ClientSecret { get; set; }

    /// <summary>Thumbprint of the app's certificate in the certificate store (Graph).</summary>
    [Parameter]
    public string? CertificateThumbprint { get; set; }

    /// <summary>The app's certificate file, PFX (Graph).</summary>
    [Parameter]
    public string? CertificatePath { get; set; }

    /// <summary>Sign in with the managed identity of the Azure resource (Automation account, VM, Function) (Graph).</summary>
    [Parameter]
    public SwitchParameter ManagedIdentity { get; set; }

    /// <summary>Client id of a user-assigned managed identity (Graph).</summary>
    [Parameter]
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Global, USGovernment, USGovernmentDoD or China (Graph).</summary>
    [Parameter]
    public GraphCloud Cloud { get; set; }

    /// <summary>The mailbox to send as, shared mailboxes included; default the RFQ's From address (Graph).</summary>
    [Parameter]
    public string? Mailbox { get; set; }

    /// <summary>Keep a copy in the mailbox's Sent Items (Graph; default on). -SaveToSentItems:$false turns it off.</summary>
    [Parameter]
    public SwitchParameter SaveToSentItems { get; set; }

    /// <summary>The settings in force: files, variables, then the parameters given.</summary>
    protected RfqSenderSettings LoadSettings()
    {
        var bound = MyInvocation.BoundParameters;
        var settings = LoadSettingsFile(SettingsPath, Environment);
        var overrides = new SettingsOverrides
        {
            PickupFolder = string.IsNullOrEmpty(PickupFolder) ? null : ResolvePath(PickupFolder!),
            Transport = bound.ContainsKey(nameof(Transport)) ? Transport : null,
            SmtpServer = SmtpServer,
            Port = bound.ContainsKey(nameof(Port)) ? Port : null,
            TlsMode = bound.ContainsKey(nameof(TlsMode)) ? TlsMode : null,
            UseSsl = bound.ContainsKey(nameof(UseSsl)) && UseSsl.IsPresent ? true : null,
            ConnectTimeoutSeconds = bound.ContainsKey(nameof(ConnectTimeoutSeconds)) ? ConnectTimeoutSeconds : null,
            CommandTimeoutSeconds = bound.ContainsKey(nameof(CommandTimeoutSeconds)) ? CommandTimeoutSeconds : null,
            DataTimeoutSeconds = bound.ContainsKey(nameof(DataTimeoutSeconds)) ? DataTimeoutSeconds : null,
            FinalReplyTimeoutSeconds = bound.ContainsKey(nameof(FinalReplyTimeoutSeconds)) ? FinalReplyTimeoutSeconds : null,
            UserName = Credential?.UserName,
            Password = Credential?.Password,
            SkipCertificateValidation = bound.ContainsKey(nameof(SkipCertificateCheck)) ? SkipCertificateCheck.IsPresent : null,
            TrustedCertificateThumbprints = TrustedCertificateThumbprint,
            TrustedCaCertificatePath = string.IsNullOrEmpty(TrustedCaCertificatePath) ? null : ResolvePath(TrustedCaCertificatePath!),
            Mailbox = Mailbox,
            SaveToSentItems = bound.ContainsKey(nameof(SaveToSentItems)) ? SaveToSentItems.IsPresent : null,
        };
        this.ApplyTo(overrides, bound, ResolvePath);
        AddOverrides(overrides);
        return overrides.ApplyTo(settings);
    }

    /// <summary>Adds what a derived cmdlet's own parameters say (the store, drafts) to the overrides.</summary>
    protected virtual void AddOverrides(SettingsOverrides overrides)
    {
    }
}
