namespace RfqSender.Engine;

/// <summary>
/// Base type of every error the engine raises on purpose. Its message is written for the person
/// who has to fix the input: it names the file, line, field, vendor or server reply involved.
/// </summary>
public class RfqSenderException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public RfqSenderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the user and the underlying cause.</summary>
    public RfqSenderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
