namespace RfqSender.Engine.Rfqs;

/// <summary>Attachments are missing, unreadable or too large; <see cref="Errors"/> lists every problem.</summary>
public sealed class AttachmentException : RfqSenderException
{
    /// <summary>Creates the exception from the complete list of problems.</summary>
    public AttachmentException(IReadOnlyList<string> errors)
        : base(FailureKind.InvalidInput, BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem, each naming the file and, for size problems, the sizes and the limit.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string BuildMessage(IReadOnlyList<string> errors)
    {
        if (errors.Count == 1)
        {
            return errors[0] + "; nothing was sent.";
        }

        return $"The attachments have {errors.Count} problems; nothing was sent:{Environment.NewLine}"
            + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
    }
}
