namespace RfqSender.Engine.Sending;

/// <summary>What a run does with deliveries whose fate is unknown (a crash or lost connection after the message was handed over).</summary>
public enum InDoubtPolicy
{
    /// <summary>Leave them <c>InDoubt</c> for a person to decide (the default: never mail a vendor twice by accident).</summary>
    Skip,

    /// <summary>Send them again. The message carries the same Message-ID, so receiving systems can drop a duplicate.</summary>
    Resend,
}
