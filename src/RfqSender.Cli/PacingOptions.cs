using System.CommandLine;
using RfqSender.Engine.Sending;

namespace RfqSender.Cli;

/// <summary>How a run claims, paces and retries: the options of the cmdlets' same-named parameters.</summary>
internal sealed class PacingOptions
{
    private readonly Option<int> _batchSize = new("--batch-size") { Description = "Deliveries claimed and committed together.", DefaultValueFactory = _ => 50 };
    private readonly Option<int> _delayMs = new("--delay-ms") { Description = "Pause between two messages on one connection, in milliseconds.", DefaultValueFactory = _ => 0 };
    private readonly Option<int?> _maxMessages = new("--max-messages") { Description = "Send at most this many messages in this run." };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Messages sent at the same time (SMTP connections).", DefaultValueFactory = _ => 1 };
    private readonly Option<int?> _perMinute = new("--rate-per-minute") { Description = "At most this many messages in any 60 seconds." };
    private readonly Option<int?> _perDay = new("--rate-per-day") { Description = "At most this many recipients in any 24 hours, counting earlier runs." };
    private readonly Option<RateLimitPreset> _preset = new("--rate-limit-preset") { Description = "Limits of a provider: ExchangeOnline (30 a minute, 10,000 recipients a day)." };
    private readonly Option<int> _retryCount = new("--retry-count") { Description = "Retries of a transient failure within the run.", DefaultValueFactory = _ => 2 };
    private readonly Option<InDoubtPolicy> _inDoubt = new("--in-doubt") { Description = "Skip (default): leave deliveries whose fate is unknown; Resend: send them again." };
    private readonly Option<bool> _retryFailed = new("--retry-failed") { Description = "Try failed deliveries again." };
    private readonly Option<string?> _from = new("--from") { Description = "Send from this address instead of the RFQ's From, for this run.", HelpName = "address" };
    private readonly Option<string[]> _cc = new("--cc") { Description = "Also send every message to this address as Cc, an archive copy the vendor sees (repeatable).", HelpName = "address" };
    private readonly Option<string[]> _bcc = new("--bcc") { Description = "Also send every message to this address unseen, as Bcc (repeatable; smtp and graph).", HelpName = "address" };
    private readonly Option<string?> _vendorAttachments = new("--vendor-attachment-field") { Description = "A vendor column holding files that vendor gets besides the RFQ's attachments (paths separated by ;).", HelpName = "column" };
    private readonly Option<bool> _allowChanged = new("--allow-changed-rfq") { Description = "Send the RFQ although it changed since earlier vendors received it (a new version is recorded)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _batchSize, _delayMs, _maxMessages, _concurrency, _perMinute, _perDay, _preset, _retryCount, _inDoubt, _retryFailed, _allowChanged, _from, _cc, _bcc, _vendorAttachments })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options given on the command line (not defaulted), by name.</summary>
    public IReadOnlyList<string> Given(ParseResult parse) =>
        new Option[] { _batchSize, _delayMs, _maxMessages, _concurrency, _perMinute, _perDay, _preset, _retryCount, _inDoubt, _retryFailed, _allowChanged, _cc, _bcc }
            .Where(o => parse.GetResult(o) is { Implicit: false })
            .Select(o => o.Name)
            .ToList();

    public SendOptions Build(ParseResult parse) => new SendOptions
    {
        BatchSize = parse.GetValue(_batchSize),
        DelayMs = parse.GetValue(_delayMs),
        MaxMessages = parse.GetValue(_maxMessages),
        Concurrency = parse.GetValue(_concurrency),
        RatePerMinute = parse.GetValue(_perMinute),
        RatePerDay = parse.GetValue(_perDay),
        RetryCount = parse.GetValue(_retryCount),
        InDoubt = parse.GetValue(_inDoubt),
        RetryFailed = parse.GetValue(_retryFailed),
        AllowChangedRfq = parse.GetValue(_allowChanged),
        ArchiveCc = Engine.Messages.MailboxAddressList.Parse(parse.GetValue(_cc), "--cc"),
        ArchiveBcc = Engine.Messages.MailboxAddressList.Parse(parse.GetValue(_bcc), "--bcc"),
        VendorAttachmentField = parse.GetValue(_vendorAttachments),
    }.Apply(parse.GetValue(_preset));

    /// <summary>The vendor column of files each vendor gets too (<c>--vendor-attachment-field</c>), or null.</summary>
    public string? VendorAttachmentField(ParseResult parse) => parse.GetValue(_vendorAttachments);

    /// <summary>The RFQ as this run sends it: from <c>--from</c> when given.</summary>
    public Engine.Rfqs.Rfq Sender(Engine.Rfqs.Rfq rfq, ParseResult parse) =>
        From(parse) is { } from ? rfq.WithFrom(from) : rfq;

    /// <summary>The --from address, checked; null when not given.</summary>
    public Engine.Messages.MailboxAddress? From(ParseResult parse) =>
        parse.GetValue(_from) is { Length: > 0 } from ? Engine.Messages.MailboxAddressList.ParseOne(from, "--from") : null;
}
