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
    /// <summary>The store file (a SQLite store).</summary>
    public string? StorePath { get; set; }

    /// <summary>A PostgreSQL store's connection string, given at run time (it may hold the password).</summary>
    public string? StoreConnectionString { get; set; }

    /// <summary>The PostgreSQL user, from a credential.</summary>
    public string? StoreUserName { get; set; }

    /// <summary>The PostgreSQL password, from a credential.</summary>
    public SecureString? StorePassword { get; set; }

    /// <summary>The pickup folder.</summary>
    public string? PickupFolder { get; set; }

    /// <summary>Write pickup files as drafts (<c>X-Unsent: 1</c>); true names the pickup transport.</summary>
    public bool? PickupDrafts { get; set; }

    /// <summary>The transport.</summary>
    public TransportKind? Transport { get; set; }

    /// <summary>SMTP server name.</summary>
    public string? SmtpServer { get; set; }

    /// <summary>SMTP port.</summary>
    public int? Port { get; set; }

    /// <summary>SMTP TLS mode.</summary>
    public SmtpTlsMode? TlsMode { get; set; }

    /// <summary>
    /// SMTP: encrypt, as Send-MailMessage's -UseSsl means: implicit TLS on port 465, STARTTLS
    /// required elsewhere. Ignored when <see cref="TlsMode"/> is given.
    /// </summary>
    public bool? UseSsl { get; set; }

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

    /// <summary>SMTP: seconds for the connection, TLS handshake and greeting.</summary>
    public int? ConnectTimeoutSeconds { get; set; }

    /// <summary>SMTP: seconds the server may take to answer a command.</summary>
    public int? CommandTimeoutSeconds { get; set; }

    /// <summary>SMTP: seconds writing one message's content may take.</summary>
    public int? DataTimeoutSeconds { get; set; }

    /// <summary>SMTP: seconds the server may take to confirm a message after its final dot.</summary>
    public int? FinalReplyTimeoutSeconds { get; set; }

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
    /// <exception cref="SettingsException">The values given name two transports, or contradict the transport given.</exception>
    public RfqSenderSettings ApplyTo(RfqSenderSettings settings)
    {
        var chosen = ChooseTransport(settings);
        ApplyStore(settings);
        settings.PickupFolder = PickupFolder ?? settings.PickupFolder;
        settings.PickupDrafts = PickupDrafts ?? settings.PickupDrafts;
        if (chosen is TransportKind kind)
        {
            settings.Transport = kind;
        }

        var smtp = settings.Smtp;
        smtp.Server = SmtpServer ?? smtp.Server;
        smtp.Port = Port ?? smtp.Port;
        smtp.TlsMode = TlsMode
            ?? (UseSsl == true ? (smtp.Port == SmtpSettings.ImplicitTlsPort ? SmtpTlsMode.Implicit : SmtpTlsMode.Required) : smtp.TlsMode);
        smtp.SkipCertificateValidation = SkipCertificateValidation ?? smtp.SkipCertificateValidation;
        smtp.TrustedCaCertificatePath = TrustedCaCertificatePath ?? smtp.TrustedCaCertificatePath;
        smtp.ConnectTimeout = Seconds(nameof(ConnectTimeoutSeconds), ConnectTimeoutSeconds) ?? smtp.ConnectTimeout;
        smtp.CommandTimeout = Seconds(nameof(CommandTimeoutSeconds), CommandTimeoutSeconds) ?? smtp.CommandTimeout;
        smtp.DataTimeout = Seconds(nameof(DataTimeoutSeconds), DataTimeoutSeconds) ?? smtp.DataTimeout;
        smtp.FinalReplyTimeout = Seconds(nameof(FinalReplyTimeoutSeconds), FinalReplyTimeoutSeconds) ?? smtp.FinalReplyTimeout;
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
            // A credential brings its password; a user name alone (rfq --user) keeps the password
            // the environment gives (RFQSENDER_SMTP_PASSWORD).
            smtp.UserName = UserName;
            if (Password is not null)
            {
                smtp.Password = Password;
                smtp.PasswordProvider = null;
            }
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

    /// <summary>
    /// The transport the caller's values choose: the one named, else the one its SMTP or Graph
    /// values imply (naming an SMTP server means SMTP), else null to keep the settings' choice.
    /// Values of another transport than the one named are a contradiction, never silently ignored.
    /// </summary>
    /// <summary>A store file names a SQLite store and a connection string a PostgreSQL one; both at once is a contradiction.</summary>
    private void ApplyStore(RfqSenderSettings settings)
    {
        if (!string.IsNullOrEmpty(StorePath) && !string.IsNullOrEmpty(StoreConnectionString))
        {
            throw new SettingsException(
                "-StorePath",
                null,
                "-StoreConnectionString",
                "a store file (-StorePath, --store) and a connection string (-StoreConnectionString, --store-connection) name two stores: give one");
        }

        if (!string.IsNullOrEmpty(StorePath))
        {
            settings.StorePath = StorePath;
            settings.StoreKind = Tracking.StoreKind.Sqlite;
        }
        else if (!string.IsNullOrEmpty(StoreConnectionString))
        {
            settings.StoreConnectionString = StoreConnectionString;
            settings.StoreKind = Tracking.StoreKind.PostgreSql;
        }

        settings.StoreUserName = StoreUserName ?? settings.StoreUserName;
        settings.StorePassword = StorePassword ?? settings.StorePassword;
    }

    private TransportKind? ChooseTransport(RfqSenderSettings settings)
    {
        var smtp = new List<string>();
        AddIf(smtp, SmtpServer is not null, "SmtpServer (--smtp-server)");
        AddIf(smtp, Port is not null, "Port (--port)");
        AddIf(smtp, TlsMode is not null, "TlsMode (--tls-mode)");
        AddIf(smtp, UseSsl is not null, "UseSsl (--use-ssl)");
        AddIf(smtp, UserName is not null, "Credential (--user)");
        AddIf(smtp, SkipCertificateValidation is not null, "SkipCertificateCheck (--skip-certificate-check)");
        AddIf(smtp, TrustedCertificateThumbprints is { Count: > 0 }, "TrustedCertificateThumbprint (--trusted-thumbprint)");
        AddIf(smtp, TrustedCaCertificatePath is not null, "TrustedCaCertificatePath (--trusted-ca)");
        var graphOnly = new List<string>();
        AddIf(graphOnly, Mailbox is not null, "Mailbox (--mailbox)");
        AddIf(graphOnly, SaveToSentItems is not null, "SaveToSentItems (--no-save-to-sent-items)");

        // Entra ID sign-in serves Graph, and SMTP XOAUTH2 (Exchange Online SMTP) when a server is named.
        var signIn = new List<string>();
        AddIf(signIn, TenantId is not null, "TenantId (--tenant-id)");
        AddIf(signIn, ClientId is not null, "ClientId (--client-id)");
        AddIf(signIn, ClientSecret is not null, "ClientSecret");
        AddIf(signIn, CertificateThumbprint is not null, "CertificateThumbprint (--certificate-thumbprint)");
        AddIf(signIn, CertificatePath is not null, "CertificatePath (--certificate-path)");
        AddIf(signIn, ManagedIdentity == true || ManagedIdentityClientId is not null, "ManagedIdentity (--managed-identity)");
        var pickup = new List<string>();
        AddIf(pickup, PickupFolder is not null, "PickupFolder (--pickup)");
        AddIf(pickup, PickupDrafts == true, "Draft (--draft)");

        if (Transport is TransportKind named)
        {
            var foreign = named switch
            {
                TransportKind.Smtp => graphOnly.Concat(pickup),
                TransportKind.Graph => smtp.Concat(pickup),
                _ => smtp.Concat(graphOnly).Concat(signIn),
            };
            Contradiction(named.ToString(), foreign.ToList());
            return named;
        }

        var implied = new List<(TransportKind Kind, List<string> By)>();
        if (smtp.Count > 0)
        {
            implied.Add((TransportKind.Smtp, smtp));
        }

        if (graphOnly.Count > 0 || (signIn.Count > 0 && smtp.Count == 0 && settings.Transport != TransportKind.Smtp))
        {
            implied.Add((TransportKind.Graph, graphOnly.Concat(signIn).ToList()));
        }

        if (pickup.Count > 0)
        {
            implied.Add((TransportKind.Pickup, pickup));
        }

        if (implied.Count > 1)
        {
            throw new SettingsException(
                "parameters", null, "transport",
                "the values given belong to different transports (" + string.Join("; ", implied.Select(i => $"{i.Kind}: {string.Join(", ", i.By)}"))
                + "): give the values of one transport, and name it with -Transport (--transport)");
        }

        return implied.Count == 1 ? implied[0].Kind : null;
    }

    private static void Contradiction(string named, IReadOnlyList<string> foreign)
    {
        if (foreign.Count > 0)
        {
            throw new SettingsException(
                "parameters", null, "transport",
                $"the transport is {named} (-Transport/--transport), but {string.Join(", ", foreign)} belong(s) to another transport and would be ignored: remove them, or choose the transport they belong to");
        }
    }

    private static void AddIf(List<string> list, bool condition, string name)
    {
        if (condition)
        {
            list.Add(name);
        }
    }

    private static TimeSpan? Seconds(string name, int? seconds) => seconds switch
    {
        null => null,
        > 0 and <= 86400 => TimeSpan.FromSeconds(seconds.Value),
        _ => throw new SettingsException(name, null, name, $"{seconds} is not a number of seconds from 1 to 86400"),
    };
}
