namespace RfqSender.Engine.Authentication;

/// <summary>Adapters from <see cref="IAccessTokenProvider"/> to what other transports take.</summary>
public static class AccessTokenProviderExtensions
{
    /// <summary>
    /// A callback that returns a current token for the scopes, e.g. the SMTP transport's XOAUTH2
    /// token source with <see cref="GraphCloudEndpoints.SmtpScope"/>
    /// (<c>https://outlook.office365.com/.default</c>). Each call goes through the provider's cache.
    /// </summary>
    /// <param name="provider">The token provider.</param>
    /// <param name="scopes">The scopes, e.g. <c>https://outlook.office365.com/.default</c>.</param>
    public static Func<CancellationToken, Task<string>> ToTokenCallback(this IAccessTokenProvider provider, params string[] scopes)
    {
        if (provider is null)
        {
            throw new ArgumentNullException(nameof(provider));
        }

        if (scopes is null || scopes.Length == 0)
        {
            throw new ArgumentException("At least one scope is required.", nameof(scopes));
        }

        var copy = (string[])scopes.Clone();
        return async cancellationToken => (await provider.GetTokenAsync(copy, forceRefresh: false, cancellationToken).ConfigureAwait(false)).Token;
    }
}
