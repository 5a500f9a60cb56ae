namespace RfqSender.Engine.Templates;

/// <summary>Templates use fields the data does not have; <see cref="Errors"/> lists every one of them.</summary>
public sealed class TemplateFieldException : RfqSenderException
{
    /// <summary>Creates the exception from the complete list of errors.</summary>
    public TemplateFieldException(IReadOnlyList<TemplateFieldError> errors)
        : base(FailureKind.InvalidInput, BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<TemplateFieldError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<TemplateFieldError> errors)
    {
        if (errors.Count == 1)
        {
            return errors[0].Message + "; nothing was sent.";
        }

        return $"The templates have {errors.Count} field errors; nothing was sent:{Environment.NewLine}"
            + ProblemList.Lines(errors.Select(e => e.Message).ToList());
    }
}
