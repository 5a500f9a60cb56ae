namespace RfqSender.Engine.Tracking;

/// <summary>Which deliveries to claim, for whom, and for how long.</summary>
public sealed class ClaimRequest
{
    /// <summary>Creates a request.</summary>
    public ClaimRequest(string rfqNumber, string owner, int maxCount, TimeSpan lease, DateTimeOffset now)
    {
        RfqNumber = rfqNumber;
        Owner = owner;
        MaxCount = maxCount;
        Lease = lease;
        Now = now;
    }

    /// <summary>The campaign.</summary>
    public string RfqNumber { get; }

    /// <summary>The claiming sender (host, process and run), recorded on each claimed delivery.</summary>
    public string Owner { get; }

    /// <summary>At most this many deliveries.</summary>
    public int MaxCount { get; }

    /// <summary>How long the claim holds before another sender may take the work back.</summary>
    public TimeSpan Lease { get; }

    /// <summary>The current time (deferred deliveries due at or before it are claimable).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>When set, only these vendors are claimed (the vendors of a pipeline batch).</summary>
    public IReadOnlyCollection<string>? VendorKeys { get; set; }
}
