namespace RfqSender.Engine.Quotes;

/// <summary>Whether a returned quote sheet was taken as it is, or waits for a buyer to look at it.</summary>
public enum QuoteStatus
{
    /// <summary>The sheet read without a problem: its lines count in the comparison.</summary>
    Accepted,

    /// <summary>The sheet was altered or is damaged (each problem names its cell); it is kept, and nothing of it is guessed.</summary>
    NeedsReview,
}
