namespace RfqSender.Engine;

/// <summary>
/// Base type of every error the engine raises on purpose. Its message is written for the person
/// who has to fix the input: it names the file, line, field, vendor or server reply involved. Its
/// <see cref="Kind"/> says which of the engine's failure categories it belongs to.
/// </summary>
public class RfqSenderException : Exception
{
    /// <summary>Creates the exception with a message for the user; a failure of the store or its environment.</summary>
    public RfqSenderException(string message)
        : this(FailureKind.Store, message, null)
    {
    }

    /// <summary>Creates the exception with a message for the user and the underlying cause; a failure of the store or its environment.</summary>
    public RfqSenderException(string message, Exception? innerException)
        : this(FailureKind.Store, message, innerException)
    {
    }

    /// <summary>Creates the exception of a failure category with a message for the user.</summary>
    public RfqSenderException(FailureKind kind, string message)
        : this(kind, message, null)
    {
    }

    /// <summary>Creates the exception of a failure category with a message for the user and the underlying cause.</summary>
    public RfqSenderException(FailureKind kind, string message, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>The failure category: what the user has to look at (input, settings, store, transport) or that the run was stopped.</summary>
    public FailureKind Kind { get; }

    /// <summary>
    /// The category of any exception an engine operation ends with: an engine error's own kind, a
    /// stop as <see cref="FailureKind.Cancelled"/>, an out-of-range option as invalid input; null for
    /// anything else (a defect, which front ends let surface as it is).
    /// </summary>
    public static FailureKind? KindOf(Exception exception) => exception switch
    {
        RfqSenderException engine => engine.Kind,
        OperationCanceledException => FailureKind.Cancelled,
        ArgumentException => FailureKind.InvalidInput,
        _ => null,
    };
}
