namespace RfqSender.Engine.Rfqs;

/// <summary>
/// An RFQ definition has errors; <see cref="Errors"/> lists every one of them, not just the first.
/// <see cref="File"/>, <see cref="Line"/> and <see cref="Field"/> describe the first.
/// </summary>
public sealed class RfqDefinitionException : RfqSenderException
{
    /// <summary>Creates the exception from the complete, non-empty list of errors.</summary>
    public RfqDefinitionException(IReadOnlyList<RfqDefinitionError> errors)
        : base(FailureKind.InvalidInput, BuildMessage(errors))
    {
        Errors = errors;
        File = errors[0].Source;
        Line = errors[0].Line;
        Field = errors[0].Field;
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<RfqDefinitionError> Errors { get; }

    /// <summary>The file of the first error, or <c>New-Rfq</c>.</summary>
    public string File { get; }

    /// <summary>The line of the first error, when it has one.</summary>
    public int? Line { get; }

    /// <summary>The field or parameter of the first error, when it has one.</summary>
    public string? Field { get; }

    private static string BuildMessage(IReadOnlyList<RfqDefinitionError> errors)
    {
        if (errors is null || errors.Count == 0)
        {
            throw new ArgumentException("An RFQ definition exception needs at least one error.", nameof(errors));
        }

        if (errors.Count == 1)
        {
            return errors[0].ToString();
        }

        return $"The RFQ definition {errors[0].Source} has {errors.Count} errors:{Environment.NewLine}"
            + ProblemList.Lines(errors.Select(e => e.ToString()).ToList());
    }
}
