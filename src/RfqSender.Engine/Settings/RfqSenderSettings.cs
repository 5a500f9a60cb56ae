using RfqSender.Engine.Authentication;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports.Graph;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Settings;

/// <summary>
/// Where RfqSender keeps its data and how it delivers: read from <c>rfqsender.yaml</c> (and an
/// environment overlay such as <c>rfqsender.Production.yaml</c>) and <c>RFQSENDER_*</c>
/// environment variables by <see cref="SettingsLoader"/>; cmdlet parameters and CLI options are
/// applied on top by the caller. Secrets never come from files.
/// </summary>
public sealed class RfqSenderSettings
{
    /// <summary>The store file (<c>store:</c> or <c>store: path:</c>), or null for <see cref="RfqSenderDefaults.StorePath"/>.</summary>
    public string? StorePath { get; set; }

    /// <summary>The kind of store (<c>store: kind:</c>): SQLite unless set, or unless a connection string is given.</summary>
    public StoreKind StoreKind { get; set; } = StoreKind.Sqlite;

    /// <summary>
    /// The PostgreSQL connection string (<c>store: connectionString:</c> without a password,
    /// <c>RFQSENDER_STORE_CONNECTION</c>, or a parameter); null for none.
    /// </summary>
    public string? StoreConnectionString { get; set; }

    /// <summary>The PostgreSQL user over the connection string's (a credential given at run time).</summary>
    public string? StoreUserName { get; set; }

    /// <summary>The PostgreSQL password (<c>RFQSENDER_STORE_PASSWORD</c>, a credential); never from a file.</summary>
    public System.Security.SecureString? StorePassword { get; set; }

    /// <summary>
    /// How long a sender's claims hold without being renewed (<c>store: leaseSeconds:</c>,
    /// <c>RFQSENDER_STORE_LEASE_SECONDS</c>); null for the default (10 minutes). A live sender renews
    /// them every third of it; the others take over a dead sender's claims this long after it stopped.
    /// </summary>
    public TimeSpan? StoreLease { get; set; }

    /// <summary>How long a PostgreSQL store retries a transient fault (<c>store: retrySeconds:</c>); null for the default.</summary>
    public TimeSpan? StoreRetryFor { get; set; }

    /// <summary>The pickup folder, or null for <see cref="RfqSenderDefaults.PickupFolder"/>.</summary>
    public string? PickupFolder { get; set; }

    /// <summary>
    /// True: the pickup folder gets drafts, each <c>.eml</c> file marked <c>X-Unsent: 1</c>, which
    /// Outlook opens as an unsent message to review and send. The delivery is recorded as sent
    /// once its file is written.
    /// </summary>
    public bool PickupDrafts { get; set; }

    private TransportKind? _transport;

    /// <summary>
    /// The transport: the one configured, else the one the other settings name (an SMTP server
    /// means <see cref="TransportKind.Smtp"/>, a Graph mailbox <see cref="TransportKind.Graph"/>),
    /// else <see cref="TransportKind.Pickup"/>.
    /// </summary>
    public TransportKind Transport
    {
        get => _transport ?? ImpliedTransport ?? TransportKind.Pickup;
        set => _transport = value;
    }

    /// <summary>True when a file, variable or caller chose the transport by name.</summary>
    public bool TransportChosen => _transport is not null;

    /// <summary>The transport the SMTP and Graph settings name, when only one of them is configured.</summary>
    internal TransportKind? ImpliedTransport =>
        (string.IsNullOrWhiteSpace(Smtp.Server), string.IsNullOrWhiteSpace(Graph.Mailbox)) switch
        {
            (false, true) => TransportKind.Smtp,
            (true, false) => TransportKind.Graph,
            _ => null,
        };

    /// <summary>SMTP settings, used when <see cref="Transport"/> is <see cref="TransportKind.Smtp"/>.</summary>
    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Graph sign-in settings (also serve SMTP XOAUTH2 for Exchange Online).</summary>
    public GraphAuthenticationSettings GraphAuthentication { get; set; } = new();

    /// <summary>Graph transport options (mailbox, Sent Items).</summary>
    public GraphTransportOptions Graph { get; set; } = new();

    /// <summary>
    /// The reply source configured (<c>replies:</c>, <c>RFQSENDER_IMAP_PASSWORD</c>): a folder of .eml files
    /// or an IMAP mailbox, read by Receive-RfqReply and <c>rfq replies receive</c> when they are given no
    /// source; <see cref="ReplySourceOverrides"/> resolves it with the caller's values.
    /// </summary>
    public Responses.Sources.ReplySourceSettings Replies { get; set; } = new();

    /// <summary>The kind of reply source named (<c>replies: source:</c>); null to take the one the other reply settings imply.</summary>
    public Responses.Sources.ReplySourceKind? RepliesSource { get; set; }

    /// <summary>The files and variables the settings were read from, in order, for messages.</summary>
    public IList<string> Sources { get; } = new List<string>();

    /// <summary>The store file to use.</summary>
    public string EffectiveStorePath => string.IsNullOrWhiteSpace(StorePath) ? RfqSenderDefaults.StorePath : StorePath!;

    /// <summary>
    /// The store to open (<see cref="DeliveryStoreFactory.Open"/>): PostgreSQL when the kind says so or a
    /// connection string is given without a store file, else the SQLite file, defaulted.
    /// </summary>
    public StoreSettings EffectiveStore
    {
        get
        {
            if (StoreKind == StoreKind.PostgreSql || (StoreKind == StoreKind.Sqlite && string.IsNullOrWhiteSpace(StorePath) && !string.IsNullOrWhiteSpace(StoreConnectionString)))
            {
                var store = StoreSettings.PostgreSql(StoreConnectionString ?? string.Empty, StoreUserName, StorePassword);
                store.RetryFor = StoreRetryFor ?? store.RetryFor;
                return store;
            }

            return new StoreSettings { Kind = StoreKind.Sqlite, Path = EffectiveStorePath };
        }
    }

    /// <summary>The pickup folder to use.</summary>
    public string EffectivePickupFolder => string.IsNullOrWhiteSpace(PickupFolder) ? RfqSenderDefaults.PickupFolder : PickupFolder!;
}
