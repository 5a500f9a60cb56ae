namespace RfqSender.Engine.Transports.Graph;

/// <summary>
/// Microsoft Graph refused the application itself, not one message: the token was rejected (401
/// even after a renewal), or access was denied (403 <c>ErrorAccessDenied</c>: Mail.Send not granted,
/// or the mailbox is outside the application access policy). Every further message would fail the
/// same way, so the run should stop. The message holds Graph's code and text, never a token.
/// </summary>
public sealed class GraphAuthorizationException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status, 401 or 403.</param>
    /// <param name="errorCode">Graph's error code, e.g. <c>ErrorAccessDenied</c>, or null.</param>
    /// <param name="mailbox">The mailbox the request was for.</param>
    /// <param name="message">What failed and what to check.</param>
    public GraphAuthorizationException(int statusCode, string? errorCode, string mailbox, string message)
        : base(FailureKind.Transport, message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Mailbox = mailbox;
    }

    /// <summary>Creates the exception with Graph's own words.</summary>
    /// <param name="statusCode">The HTTP status, 401 or 403.</param>
    /// <param name="errorCode">Graph's error code, e.g. <c>ErrorAccessDenied</c>, or null.</param>
    /// <param name="mailbox">The mailbox the request was for.</param>
    /// <param name="graphDetail">Graph's status, code, message and request id.</param>
    /// <param name="message">What failed and what to check.</param>
    public GraphAuthorizationException(int statusCode, string? errorCode, string mailbox, string? graphDetail, string message)
        : this(statusCode, errorCode, mailbox, message)
    {
        GraphDetail = graphDetail;
    }

    /// <summary>The HTTP status, 401 or 403.</summary>
    public int StatusCode { get; }

    /// <summary>Graph's status, code, message and request id, e.g. <c>Graph 403 ErrorAccessDenied: Access is denied. (request-id ...)</c>; null when not known.</summary>
    public string? GraphDetail { get; }

    /// <summary>Graph's error code, or null.</summary>
    public string? ErrorCode { get; }

    /// <summary>The mailbox the request was for.</summary>
    public string Mailbox { get; }
}
