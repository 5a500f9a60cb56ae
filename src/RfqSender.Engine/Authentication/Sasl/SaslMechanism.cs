namespace RfqSender.Engine.Authentication.Sasl;

/// <summary>
/// One SASL mechanism (RFC 4422) on the client side, for any protocol that frames it (SMTP AUTH,
/// IMAP AUTHENTICATE): the initial response, if the mechanism has one, then one response per server
/// challenge. Payloads are raw bytes; the protocol base64-encodes them (<see cref="SaslBase64"/>).
/// </summary>
/// <remarks>
/// A mechanism holds its secret from construction; <see cref="Redact"/> removes that secret, in every
/// form it went out in, from anything the server said back, so a protocol log or an exception
/// message never carries it. One instance serves one authentication exchange.
/// </remarks>
internal abstract class SaslMechanism
{
    private readonly List<byte[]> _payloadsWithSecret = new();

    /// <summary>Creates a mechanism whose payloads may carry <paramref name="secret"/>.</summary>
    protected SaslMechanism(string secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new ArgumentException("A SASL mechanism needs a secret.", nameof(secret));
        }

        Secret = secret;
    }

    /// <summary>The registered name, e.g. <c>PLAIN</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The password or token the payloads carry.</summary>
    protected string Secret { get; }

    /// <summary>
    /// The client's first payload, sent with the command (<c>AUTH PLAIN &lt;base64&gt;</c>), or null
    /// when the mechanism waits for the server's first challenge.
    /// </summary>
    public byte[]? InitialResponse()
    {
        var response = CreateInitialResponse();
        Remember(response);
        return response;
    }

    /// <summary>
    /// The answer to a server challenge (decoded from base64), or null when the mechanism has nothing
    /// more to say: the exchange should then be cancelled or taken as failed.
    /// </summary>
    public byte[]? Respond(byte[] challenge)
    {
        var response = CreateResponse(challenge ?? throw new ArgumentNullException(nameof(challenge)));
        Remember(response);
        return response;
    }

    /// <summary>Removes the secret from <paramref name="text"/> in every form this exchange sent it in.</summary>
    public string Redact(string text) => SaslRedaction.Redact(text, Secret, _payloadsWithSecret);

    /// <summary>See <see cref="InitialResponse"/>.</summary>
    protected abstract byte[]? CreateInitialResponse();

    /// <summary>See <see cref="Respond"/>.</summary>
    protected abstract byte[]? CreateResponse(byte[] challenge);

    private void Remember(byte[]? payload)
    {
        // A server that echoes a whole payload in base64 (AUTH PLAIN's \0user\0password) shows the
        // secret only inside that encoding: such payloads are redacted whole.
        if (payload is not null && SaslBase64.Utf8.GetString(payload).Contains(Secret))
        {
            _payloadsWithSecret.Add(payload);
        }
    }
}
