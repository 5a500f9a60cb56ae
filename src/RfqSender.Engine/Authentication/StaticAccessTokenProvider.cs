using System.Text;
using System.Text.Json;

namespace RfqSender.Engine.Authentication;

/// <summary>
/// Serves a token the caller already has (<c>Get-AzAccessToken</c>, <c>Connect-MgGraph</c>). It
/// cannot be renewed: once it has expired, or the resource rejects it, getting a new one is up to
/// the caller. Its expiry is read from the token's <c>exp</c> claim when it is a JWT.
/// </summary>
public sealed class StaticAccessTokenProvider : IAccessTokenProvider
{
    private readonly AccessToken _token;
    private readonly TimeProvider _clock;

    /// <summary>Creates the provider.</summary>
    /// <param name="token">The bearer token, without the <c>Bearer</c> prefix.</param>
    /// <param name="clock">The clock expiry is checked against; null for the system clock.</param>
    public StaticAccessTokenProvider(string token, TimeProvider? clock = null)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("An access token must not be empty.", nameof(token));
        }

        token = token.Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token.Substring(7).Trim();
        }

        _token = new AccessToken(token, ExpiryOf(token));
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Description => "access token given by the caller (" + _token + ")";

    /// <inheritdoc />
    public bool CanRefresh => false;

    /// <inheritdoc />
    public Task<AccessToken> GetTokenAsync(IReadOnlyList<string> scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        if (forceRefresh)
        {
            return Task.FromException<AccessToken>(new AuthenticationFailedException(
                "The access token given by the caller was rejected and cannot be renewed: get a new one for the right resource "
                + "(e.g. Get-AzAccessToken -ResourceUrl https://graph.microsoft.com) or configure a client secret, certificate or managed identity."));
        }

        if (_token.ExpiresWithin(TimeSpan.Zero, _clock.GetUtcNow()))
        {
            return Task.FromException<AccessToken>(new AuthenticationFailedException(
                $"The access token given by the caller expired at {_token.ExpiresOn:u}: get a new one, or configure a credential that can be renewed."));
        }

        return Task.FromResult(_token);
    }

    /// <summary>The <c>exp</c> claim of a JWT, or <see cref="DateTimeOffset.MaxValue"/> when the token is not a readable JWT.</summary>
    internal static DateTimeOffset ExpiryOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return DateTimeOffset.MaxValue;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("exp", out var exp)
                && exp.ValueKind == JsonValueKind.Number
                && exp.TryGetInt64(out var seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
        }
        catch (ArgumentOutOfRangeException)
        {
        }

        return DateTimeOffset.MaxValue;
    }
}
