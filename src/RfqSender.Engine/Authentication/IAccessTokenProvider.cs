namespace RfqSender.Engine.Authentication;

/// <summary>
/// Gets OAuth 2.0 access tokens for Microsoft Graph, Exchange Online SMTP (XOAUTH2) or any other
/// resource of the same tenant. Implementations cache tokens and renew them before they expire,
/// and are safe to call from several threads at once.
/// </summary>
public interface IAccessTokenProvider
{
    /// <summary>What kind of credential this is, e.g. <c>client secret for app 1234...</c>; never holds a secret.</summary>
    string Description { get; }

    /// <summary>
    /// False when the provider only holds a token given by the caller and cannot get a new one
    /// (a rejected token is then final).
    /// </summary>
    bool CanRefresh { get; }

    /// <summary>Returns a token valid for the scopes, from the cache when it is not about to expire.</summary>
    /// <param name="scopes">Scopes such as <c>https://graph.microsoft.com/.default</c>.</param>
    /// <param name="forceRefresh">True to skip the cache, e.g. after the resource answered 401.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AuthenticationFailedException">No token could be obtained.</exception>
    Task<AccessToken> GetTokenAsync(IReadOnlyList<string> scopes, bool forceRefresh, CancellationToken cancellationToken);
}
