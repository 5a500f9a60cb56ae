namespace RfqSender.Engine.Sending;

/// <summary>
/// Vendors of a batch cannot be sent as they are (a template field they lack, a file of theirs that
/// cannot be attached); nothing of the batch was registered or sent. Invalid input, not a failure.
/// </summary>
public sealed class VendorCheckException : RfqSenderException
{
    /// <summary>Creates the exception with every problem.</summary>
    public VendorCheckException(string message, IReadOnlyList<string> problems)
        : base(FailureKind.InvalidInput, message)
    {
        Problems = problems;
    }

    /// <summary>Every problem found, one line each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
