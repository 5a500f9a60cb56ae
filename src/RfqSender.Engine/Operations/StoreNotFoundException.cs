namespace RfqSender.Engine.Operations;

/// <summary>A command that reads a store was pointed at one that does not exist.</summary>
public sealed class StoreNotFoundException : RfqSenderException
{
    /// <summary>Creates the exception for the store at <paramref name="location"/>.</summary>
    public StoreNotFoundException(string location)
        : base(FailureKind.InvalidInput, $"There is no store at '{location}'. Name it with -StorePath (--store), or set RFQSENDER_STORE.")
    {
        Location = location;
    }

    /// <summary>Where the store was looked for (never holds a secret).</summary>
    public string Location { get; }
}
