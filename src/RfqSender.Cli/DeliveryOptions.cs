using RfqSender.Engine.Operations;
using System.CommandLine;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Cli;

/// <summary>
/// The store and transport options of commands that send; they fill the same
/// <see cref="SettingsOverrides"/> as the cmdlets' parameters. Secrets are not options (a command
/// line is visible to every user of the machine): they come from RFQSENDER_* environment variables.
/// </summary>
internal sealed class DeliveryOptions
{
    private readonly Option<string?> _store = CommonOptions.Store();
    private readonly Option<string?> _storeConnection = CommonOptions.StoreConnection();
    private readonly Option<string?> _settings = new("--settings") { Description = "Settings file (default ./rfqsender.yaml, then the data folder's).", HelpName = "file" };
    private readonly Option<string?> _environment = new("--environment") { Description = "Settings overlay, e.g. Production for rfqsender.Production.yaml (or RFQSENDER_ENVIRONMENT).", HelpName = "name" };
    private readonly Option<TransportKind?> _transport = new("--transport", "-t") { Description = "How messages leave: pickup, smtp or graph." };
    private readonly Option<string?> _pickup = new("--pickup") { Description = "Folder for the .eml files (pickup).", HelpName = "folder" };
    private readonly Option<bool> _draft = new("--draft") { Description = "Write the .eml files as drafts (X-Unsent: 1) that Outlook opens for review and sending (pickup)." };
    private readonly Option<string?> _log = CommonOptions.Log();
    private readonly bool _sending;

    /// <summary>Creates the options; <paramref name="sending"/> false leaves out those of a send only (--store, --draft).</summary>
    public DeliveryOptions(bool sending = true)
    {
        _sending = sending;
    }
    private readonly Option<string?> _smtpServer = new("--smtp-server") { Description = "SMTP server (smtp).", HelpName = "host" };
    private readonly Option<int?> _port = new("--port") { Description = "SMTP port: 587, 465 or 25 (smtp)." };
    private readonly Option<string?> _user = new("--user") { Description = "SMTP user name; the password comes from RFQSENDER_SMTP_PASSWORD (smtp).", HelpName = "name" };
    private readonly Option<string?> _tls = new("--tls-mode") { Description = "Required, Opportunistic, None, Implicit or Auto; also StartTls, StartTlsWhenAvailable, SslOnConnect (smtp).", HelpName = "mode" };
    private readonly Option<bool> _useSsl = new("--use-ssl") { Description = "Encrypt: implicit TLS on port 465, STARTTLS required elsewhere (smtp)." };
    private readonly Option<bool> _skipCertificateCheck = new("--skip-certificate-check") { Description = "Accept any server certificate; test servers only (smtp)." };
    private readonly Option<string[]> _thumbprints = new("--trusted-thumbprint") { Description = "Trust this server certificate thumbprint (smtp; repeatable).", HelpName = "hex" };
    private readonly Option<string?> _trustedCa = new("--trusted-ca") { Description = "Trust server certificates issued by this CA certificate file (smtp).", HelpName = "file" };
    private readonly Option<int?> _connectTimeout = new("--connect-timeout") { Description = "Seconds for the connection, TLS handshake and greeting; default 15 (smtp).", HelpName = "seconds" };
    private readonly Option<int?> _commandTimeout = new("--command-timeout") { Description = "Seconds the server may take to answer a command; default 30 (smtp).", HelpName = "seconds" };
    private readonly Option<int?> _dataTimeout = new("--data-timeout") { Description = "Seconds for writing one message's content; default 300 (smtp).", HelpName = "seconds" };
    private readonly Option<int?> _finalReplyTimeout = new("--final-reply-timeout") { Description = "Seconds the server may take to confirm a message; default 120 (smtp).", HelpName = "seconds" };
    private readonly GraphSignInOptions _graph = new();
    private readonly Option<string?> _mailbox = new("--mailbox") { Description = "Mailbox to send as; default the RFQ's From address (graph).", HelpName = "upn" };
    private readonly Option<bool> _noSentItems = new("--no-save-to-sent-items") { Description = "Do not keep a copy in Sent Items (graph)." };

    public void AddTo(Command command)
    {
        if (_sending)
        {
            command.Options.Add(_store);
            command.Options.Add(_storeConnection);
        }

        foreach (var option in new Option[]
            {
                _settings, _environment, _transport, _pickup, _smtpServer, _port, _user, _tls, _useSsl, _skipCertificateCheck, _thumbprints, _trustedCa,
                _connectTimeout, _commandTimeout, _dataTimeout, _finalReplyTimeout,
            }
            .Concat(_graph.All)
            .Concat(new Option[] { _mailbox, _noSentItems }))
        {
            command.Options.Add(option);
        }

        if (_sending)
        {
            command.Options.Add(_draft);
            command.Options.Add(_log);
        }
    }

    /// <summary>The runtime of a send or resume: the settings loaded, and the event log opened when --log is given (not under --what-if).</summary>
    /// <exception cref="Engine.RfqSenderException">The settings are invalid, or the log file cannot be opened.</exception>
    public RfqRuntime CreateRuntime(ParseResult parse, bool whatIf)
    {
        var runtime = RfqRuntime.Create(Load(parse));
        if (parse.GetValue(_log) is { Length: > 0 } log && !whatIf)
        {
            try
            {
                runtime.LogTo(log);
            }
            catch
            {
                runtime.Dispose();
                throw;
            }
        }

        return runtime;
    }

    /// <summary>The store options given (--store, --store-connection), by name.</summary>
    public IEnumerable<string> StoreGiven(ParseResult parse)
    {
        if (_sending && parse.GetResult(_store) is { Implicit: false })
        {
            yield return "--store";
        }

        if (_sending && parse.GetResult(_storeConnection) is { Implicit: false })
        {
            yield return "--store-connection";
        }
    }

    public RfqSenderSettings Load(ParseResult parse)
    {
        var settings = SettingsLoader.Load(parse.GetValue(_settings), parse.GetValue(_environment));
        var thumbprints = parse.GetValue(_thumbprints);
        var overrides = new SettingsOverrides
        {
            StorePath = _sending ? parse.GetValue(_store) : null,
            StoreConnectionString = _sending ? parse.GetValue(_storeConnection) : null,
            PickupFolder = parse.GetValue(_pickup),
            PickupDrafts = _sending && parse.GetValue(_draft) ? true : null,
            Transport = parse.GetValue(_transport),
            SmtpServer = parse.GetValue(_smtpServer),
            UserName = parse.GetValue(_user),
            Port = parse.GetValue(_port),
            TlsMode = parse.GetValue(_tls) is string tls
                ? SmtpTlsModeNames.TryParse(tls, out var mode) ? mode : throw new SettingsException("--tls-mode", null, "--tls-mode", $"'{tls}' is not one of {SmtpTlsModeNames.Accepted}")
                : null,
            UseSsl = parse.GetValue(_useSsl) ? true : null,
            SkipCertificateValidation = parse.GetValue(_skipCertificateCheck) ? true : null,
            TrustedCertificateThumbprints = thumbprints is { Length: > 0 } ? thumbprints : null,
            TrustedCaCertificatePath = parse.GetValue(_trustedCa),
            ConnectTimeoutSeconds = parse.GetValue(_connectTimeout),
            CommandTimeoutSeconds = parse.GetValue(_commandTimeout),
            DataTimeoutSeconds = parse.GetValue(_dataTimeout),
            FinalReplyTimeoutSeconds = parse.GetValue(_finalReplyTimeout),
            Mailbox = parse.GetValue(_mailbox),
            SaveToSentItems = parse.GetValue(_noSentItems) ? false : null,
        };
        _graph.ApplyTo(parse, overrides).ApplyTo(settings);
        return settings;
    }
}
