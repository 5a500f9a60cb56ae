namespace RfqSender.Engine.Reporting;

/// <summary>One day (UTC) of a campaign: messages sent and answers received that day, and the totals up to its end.</summary>
public sealed class ReportDay
{
    /// <summary>The day (UTC).</summary>
    public DateTime Date { get; set; }

    /// <summary>Vendors sent to that day.</summary>
    public int Sent { get; set; }

    /// <summary>Vendors whose first answer came that day.</summary>
    public int Answered { get; set; }

    /// <summary>Vendors sent to up to the end of the day.</summary>
    public int SentSoFar { get; set; }

    /// <summary>Vendors that had answered by the end of the day.</summary>
    public int AnsweredSoFar { get; set; }
}
