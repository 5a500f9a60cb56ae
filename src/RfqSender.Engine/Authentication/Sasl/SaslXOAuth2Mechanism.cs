namespace RfqSender.Engine.Authentication.Sasl;

/// <summary>
/// XOAUTH2 (Google's and Microsoft's OAuth 2.0 SASL format): one initial response,
/// <c>user={user}^Aauth=Bearer {token}^A^A</c>. A failure comes as a challenge holding a JSON error;
/// the client answers it with an empty response and the server then sends its final reply.
/// </summary>
internal sealed class SaslXOAuth2Mechanism : SaslMechanism
{
    private readonly string _userName;
    private bool _answeredError;

    /// <summary>Creates the mechanism for a user name and an access token.</summary>
    public SaslXOAuth2Mechanism(string userName, string accessToken)
        : base(accessToken)
    {
        _userName = userName ?? throw new ArgumentNullException(nameof(userName));
    }

    /// <inheritdoc />
    public override string Name => "XOAUTH2";

    /// <summary>The server's error challenge (JSON, e.g. <c>{"status":"401",...}</c>), once one came.</summary>
    public string? Error { get; private set; }

    /// <inheritdoc />
    protected override byte[] CreateInitialResponse() =>
        SaslBase64.Utf8.GetBytes("user=" + _userName + "\u0001auth=Bearer " + Secret + "\u0001\u0001");

    /// <inheritdoc />
    protected override byte[]? CreateResponse(byte[] challenge)
    {
        if (_answeredError)
        {
            return null;
        }

        _answeredError = true;
        Error = SaslBase64.Utf8.GetString(challenge);
        return Array.Empty<byte>();
    }
}
