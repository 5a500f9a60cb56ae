namespace RfqSender.Engine.Authentication;

/// <summary>
/// Keeps the last token per scope set and renews it a margin before it expires, one renewal at a
/// time, so concurrent senders share one token and none is handed a token about to lapse.
/// </summary>
internal sealed class RefreshingAccessTokenProvider : IAccessTokenProvider
{
    private readonly IAccessTokenProvider _inner;
    private readonly TimeSpan _margin;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public RefreshingAccessTokenProvider(IAccessTokenProvider inner, TimeSpan margin, TimeProvider? clock = null)
    {
        _inner = inner;
        _margin = margin;
        _clock = clock ?? TimeProvider.System;
    }

    public string Description => _inner.Description;

    public bool CanRefresh => _inner.CanRefresh;

    public async Task<AccessToken> GetTokenAsync(IReadOnlyList<string> scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        if (scopes is null || scopes.Count == 0)
        {
            throw new ArgumentException("At least one scope is required.", nameof(scopes));
        }

        var key = string.Join(" ", scopes);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _tokens.TryGetValue(key, out var cached);
            if (!forceRefresh && cached is not null && !cached.ExpiresWithin(_margin, _clock.GetUtcNow()))
            {
                return cached;
            }

            // A cached token inside the margin is renewed past the inner cache too, which may still consider it fresh.
            var token = await _inner.GetTokenAsync(scopes, forceRefresh || cached is not null, cancellationToken).ConfigureAwait(false);
            _tokens[key] = token;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
