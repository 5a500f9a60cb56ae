namespace RfqSender.Engine.Responses;

/// <summary>How replies are read: which campaigns they are matched against, where their files are kept, and who reads them.</summary>
public sealed class ReceiveOptions
{
    /// <summary>The campaigns whose deliveries messages are matched against; null or empty for every campaign in the store.</summary>
    public IReadOnlyCollection<string>? RfqNumbers { get; set; }

    /// <summary>
    /// The folder quotes are kept under: <c>&lt;folder&gt;/&lt;RFQ&gt;/&lt;vendor key&gt;/&lt;received&gt;-&lt;hash&gt;/</c>
    /// with the message as <c>message.eml</c> and its attachments; unmatched messages under <c>unmatched/</c>.
    /// Null: a <c>quotes</c> folder beside a SQLite store, else in <see cref="CurrentFolder"/>.
    /// </summary>
    public string? QuotesFolder { get; set; }

    /// <summary>The folder a default quotes folder is made in when the store is no file (a PowerShell location); null for the process's current folder.</summary>
    public string? CurrentFolder { get; set; }

    /// <summary>Keep the <c>.eml</c> of each reply, bounce and auto-reply, and the attachments of replies (default); false records only.</summary>
    public bool KeepFiles { get; set; } = true;

    /// <summary>Who the state changes are recorded as made by; null for the account running this process.</summary>
    public string? ReadBy { get; set; }

    /// <summary>The buyer's own mail domains besides those the campaigns are sent from: a sender there is never a vendor by domain.</summary>
    public IReadOnlyCollection<string> OwnDomains { get; set; } = Array.Empty<string>();

    /// <summary>The reply address deliveries carried plus-addressed (<c>local+token@domain</c>); null accepts a token after '+' at any address.</summary>
    public string? ReplyAddress { get; set; }

    /// <summary>Stop after reading this many new messages (the rest are read by the next run); null for all.</summary>
    public int? MaxMessages { get; set; }
}
