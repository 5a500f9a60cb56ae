using System.Globalization;

namespace RfqSender.Engine.Authentication;

/// <summary>
/// A bearer token and when it expires. <see cref="ToString"/> never prints the token itself, so an
/// instance can be logged or shown without leaking it.
/// </summary>
public sealed class AccessToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="token">The bearer token.</param>
    /// <param name="expiresOn">When it stops being accepted; <see cref="DateTimeOffset.MaxValue"/> when unknown.</param>
    public AccessToken(string token, DateTimeOffset expiresOn)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("An access token must not be empty.", nameof(token));
        }

        Token = token;
        ExpiresOn = expiresOn;
    }

    /// <summary>The bearer token, for an <c>Authorization: Bearer</c> header or SMTP XOAUTH2.</summary>
    public string Token { get; }

    /// <summary>When the token stops being accepted; <see cref="DateTimeOffset.MaxValue"/> when unknown.</summary>
    public DateTimeOffset ExpiresOn { get; }

    /// <summary>True when the token expires within <paramref name="margin"/> of <paramref name="now"/>.</summary>
    public bool ExpiresWithin(TimeSpan margin, DateTimeOffset now) =>
        ExpiresOn != DateTimeOffset.MaxValue && ExpiresOn - margin <= now;

    /// <inheritdoc />
    public override string ToString() => ExpiresOn == DateTimeOffset.MaxValue
        ? "access token (expiry unknown)"
        : "access token expiring " + ExpiresOn.ToString("u", CultureInfo.InvariantCulture);
}
