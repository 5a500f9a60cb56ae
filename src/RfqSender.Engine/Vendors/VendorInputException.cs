namespace RfqSender.Engine.Vendors;

/// <summary>Vendor input has errors; <see cref="Errors"/> lists every one of them, not just the first.</summary>
public sealed class VendorInputException : RfqSenderException
{
    /// <summary>Creates the exception from the complete list of errors.</summary>
    public VendorInputException(IReadOnlyList<VendorInputError> errors)
        : base(FailureKind.InvalidInput, BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<VendorInputError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<VendorInputError> errors)
    {
        var noun = errors.Count == 1 ? "error" : "errors";
        return $"The vendor input has {errors.Count} {noun}; nothing was sent:{Environment.NewLine}"
            + ProblemList.Lines(errors.Select(e => e.ToString()).ToList());
    }
}
