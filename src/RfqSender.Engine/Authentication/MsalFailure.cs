using Microsoft.Identity.Client;

namespace RfqSender.Engine.Authentication;

/// <summary>Turns MSAL's and the network's exceptions into <see cref="AuthenticationFailedException"/>, so no MSAL type leaves the engine.</summary>
internal static class MsalFailure
{
    public static bool IsHandled(Exception ex, CancellationToken cancellationToken) =>
        ex is MsalException or HttpRequestException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static AuthenticationFailedException Convert(Exception ex, string what)
    {
        switch (ex)
        {
            case MsalServiceException service:
                var transient = service.StatusCode == 429 || service.StatusCode >= 500
                    || service.ErrorCode is MsalError.ServiceNotAvailable or MsalError.RequestTimeout;
                return new AuthenticationFailedException(
                    $"Getting a token {what} failed: {service.ErrorCode}{(service.StatusCode > 0 ? $" (HTTP {service.StatusCode})" : string.Empty)}: {FirstLine(service.Message)}",
                    service.ErrorCode, transient, ex);
            case MsalException msal:
                var network = msal.ErrorCode is MsalError.RequestTimeout or MsalError.ServiceNotAvailable;
                return new AuthenticationFailedException($"Getting a token {what} failed: {msal.ErrorCode}: {FirstLine(msal.Message)}", msal.ErrorCode, network, ex);
            case OperationCanceledException:
                return new AuthenticationFailedException($"Getting a token {what} timed out.", "timeout", isTransient: true, ex);
            default:
                return new AuthenticationFailedException($"Getting a token {what} failed: the identity service could not be reached: {ex.Message}", "network", isTransient: true, ex);
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? text : text.Substring(0, end);
    }
}
