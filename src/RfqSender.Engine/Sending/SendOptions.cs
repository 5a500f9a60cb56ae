namespace RfqSender.Engine.Sending;

/// <summary>How a send run claims, paces and records its work.</summary>
public sealed class SendOptions
{
    /// <summary>Deliveries claimed and committed together (and the pipeline batch size). Default 50.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// A vendor field (a column of the vendor file) holding files that vendor gets besides the RFQ's
    /// attachments, separated by <c>;</c>, relative to the current folder; null for none.
    /// </summary>
    public string? VendorAttachmentField { get; set; }

    /// <summary>Addresses every message also goes to as Cc, visible to the vendor (an archive copy): -Cc, --cc.</summary>
    public IReadOnlyList<Messages.MailboxAddress> ArchiveCc { get; set; } = Array.Empty<Messages.MailboxAddress>();

    /// <summary>Addresses every message also goes to unseen (Bcc, an archive copy): -Bcc, --bcc. Not in any header.</summary>
    public IReadOnlyList<Messages.MailboxAddress> ArchiveBcc { get; set; } = Array.Empty<Messages.MailboxAddress>();

    /// <summary>Pause between two messages, in milliseconds. Default 0.</summary>
    public int DelayMs { get; set; }

    /// <summary>Stop after this many messages in this run; null for no limit.</summary>
    public int? MaxMessages { get; set; }

    /// <summary>How long a claim holds before another sender may take the work back. Default 10 minutes.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The claim owner recorded in the store. Default: machine, process id and a run id (<see cref="SenderIdentity"/>).</summary>
    public string Owner { get; set; } = SenderIdentity.Create();

    /// <summary>Messages sent at the same time (SMTP connections). Default 1.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>At most this many messages in any 60 seconds; null for no limit.</summary>
    public int? RatePerMinute { get; set; }

    /// <summary>At most this many recipients in any 24 hours, counting what earlier runs sent from this store; null for no limit.</summary>
    public int? RatePerDay { get; set; }

    /// <summary>What to do with in-doubt deliveries at the start of the run. Default <see cref="InDoubtPolicy.Skip"/>.</summary>
    public InDoubtPolicy InDoubt { get; set; } = InDoubtPolicy.Skip;

    /// <summary>Put failed deliveries back in the queue at the start of the run.</summary>
    public bool RetryFailed { get; set; }

    /// <summary>Retries of a transient failure within the run, before the delivery is deferred. Default 2.</summary>
    public int RetryCount { get; set; } = 2;

    /// <summary>First wait of an in-run retry; doubled per retry, with jitter. Default 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A server asking to wait longer than this (Retry-After) defers the delivery instead of retrying in the run. Default 30 seconds.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Applies the limits of a known provider (unless a limit is already set).</summary>
    public SendOptions Apply(RateLimitPreset preset)
    {
        if (preset == RateLimitPreset.ExchangeOnline)
        {
            RatePerMinute ??= 30;
            RatePerDay ??= 10_000;
        }

        return this;
    }

    /// <summary>First wait after a transient failure when the server gives no hint; doubled per attempt. Default 1 minute.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between attempts. Default 1 hour.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a transiently failing delivery is marked failed. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Send an RFQ whose content differs from the one earlier vendors of the campaign received (a
    /// new version is recorded); without it such a send is refused with <see cref="RfqChangedException"/>.
    /// </summary>
    public bool AllowChangedRfq { get; set; }

    /// <summary>Checks the values and throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (BatchSize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 10000.");
        }

        if (DelayMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DelayMs), DelayMs, "DelayMs must not be negative.");
        }

        if (MaxMessages is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessages), MaxMessages, "MaxMessages must not be negative.");
        }

        if (Concurrency is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "Concurrency must be between 1 and 32.");
        }

        if (RatePerMinute is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RatePerMinute), RatePerMinute, "RatePerMinute must be at least 1.");
        }

        if (RatePerDay is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RatePerDay), RatePerDay, "RatePerDay must be at least 1.");
        }

        if (RetryCount is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryCount), RetryCount, "RetryCount must be between 0 and 10.");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        }
    }
}
