namespace RfqSender.Engine.Sending;

/// <summary>Sending limits of known providers.</summary>
public enum RateLimitPreset
{
    /// <summary>No preset.</summary>
    None,

    /// <summary>Exchange Online: 30 messages a minute and 10,000 recipients a day per mailbox.</summary>
    ExchangeOnline,
}
