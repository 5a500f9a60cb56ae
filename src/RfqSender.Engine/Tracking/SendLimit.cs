namespace RfqSender.Engine.Tracking;

/// <summary>The limits of a sending identity that the store counts.</summary>
public enum SendLimit
{
    /// <summary>Messages in any minute.</summary>
    MessagesPerMinute,

    /// <summary>Recipients in any 24 hours.</summary>
    RecipientsPerDay,
}
