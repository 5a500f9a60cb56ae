namespace RfqSender.Engine.Sending;

/// <summary>How a send run claims, paces and records its work.</summary>
public sealed class SendOptions
{
    /// <summary>Deliveries claimed and committed together (and the pipeline batch size). Default 50.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Pause between two messages, in milliseconds. Default 0.</summary>
    public int DelayMs { get; set; }

    /// <summary>Stop after this many messages in this run; null for no limit.</summary>
    public int? MaxMessages { get; set; }

    /// <summary>How long a claim holds before another sender may take the work back. Default 10 minutes.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The claim owner recorded in the store. Default: machine, process id and a run id.</summary>
    public string Owner { get; set; } = $"{Environment.MachineName}/{System.Diagnostics.Process.GetCurrentProcess().Id}/{Guid.NewGuid().ToString("N").Substring(0, 8)}";

    /// <summary>First wait after a transient failure when the server gives no hint; doubled per attempt. Default 1 minute.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between attempts. Default 1 hour.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a transiently failing delivery is marked failed. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

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

        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        }
    }
}
