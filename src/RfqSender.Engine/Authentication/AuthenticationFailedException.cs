namespace RfqSender.Engine.Authentication;

/// <summary>
/// No access token could be obtained: wrong tenant, client id, secret or certificate, missing
/// consent, no managed identity, or the identity service could not be reached. The message holds
/// the identity service's error code and description, never a secret.
/// </summary>
public class AuthenticationFailedException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, for the person who has to fix it.</param>
    /// <param name="errorCode">The identity service's error code (e.g. <c>invalid_client</c>, <c>AADSTS7000215</c>), or null.</param>
    /// <param name="isTransient">True when trying again later may succeed (network failure, throttling, 5xx).</param>
    /// <param name="innerException">The underlying cause.</param>
    public AuthenticationFailedException(string message, string? errorCode = null, bool isTransient = false, Exception? innerException = null)
        : base(FailureKind.Transport, message, innerException)
    {
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>The identity service's error code, or null.</summary>
    public string? ErrorCode { get; }

    /// <summary>
    /// True when trying again later may succeed (the identity service was unreachable, throttled
    /// or failed); false for configuration errors that stop a run.
    /// </summary>
    public bool IsTransient { get; }
}
