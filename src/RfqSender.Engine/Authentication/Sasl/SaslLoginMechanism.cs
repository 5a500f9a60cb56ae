namespace RfqSender.Engine.Authentication.Sasl;

/// <summary>
/// LOGIN (draft-murchison-sasl-login): no initial response; the user name answers the first
/// challenge (<c>Username:</c>), the password the second (<c>Password:</c>). The challenges' words
/// vary by server, so the order decides, not the text.
/// </summary>
internal sealed class SaslLoginMechanism : SaslMechanism
{
    private readonly string _userName;
    private int _step;

    /// <summary>Creates the mechanism for a user name and password.</summary>
    public SaslLoginMechanism(string userName, string password)
        : base(password)
    {
        _userName = userName ?? throw new ArgumentNullException(nameof(userName));
    }

    /// <inheritdoc />
    public override string Name => "LOGIN";

    /// <inheritdoc />
    protected override byte[]? CreateInitialResponse() => null;

    /// <inheritdoc />
    protected override byte[]? CreateResponse(byte[] challenge) => _step++ switch
    {
        0 => SaslBase64.Utf8.GetBytes(_userName),
        1 => SaslBase64.Utf8.GetBytes(Secret),
        _ => null,
    };
}
