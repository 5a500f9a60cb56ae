namespace RfqSender.Engine.Authentication.Sasl;

/// <summary>
/// PLAIN (RFC 4616): one initial response, <c>authzid NUL authcid NUL passwd</c>, with an empty
/// authorization identity (act as the user who signs in).
/// </summary>
internal sealed class SaslPlainMechanism : SaslMechanism
{
    private readonly string _userName;

    /// <summary>Creates the mechanism for a user name and password.</summary>
    public SaslPlainMechanism(string userName, string password)
        : base(password)
    {
        _userName = userName ?? throw new ArgumentNullException(nameof(userName));
    }

    /// <inheritdoc />
    public override string Name => "PLAIN";

    /// <inheritdoc />
    protected override byte[] CreateInitialResponse() => SaslBase64.Utf8.GetBytes("\0" + _userName + "\0" + Secret);

    /// <inheritdoc />
    protected override byte[]? CreateResponse(byte[] challenge) => null;
}
