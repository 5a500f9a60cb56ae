namespace RfqSender.Web.Tests.Fakes;

/// <summary>Ways the fake provider can spoil the next id_token it issues, for the tests of a relying party that must refuse it.</summary>
public enum FakeOidcFault
{
    None,

    /// <summary>Signed with a key the JWKS does not publish.</summary>
    UnknownSigningKey,

    /// <summary>The audience is another client.</summary>
    WrongAudience,

    /// <summary>The issuer is another provider.</summary>
    WrongIssuer,

    /// <summary>The nonce is not the one the authorization request carried.</summary>
    WrongNonce,

    /// <summary>Expired an hour ago.</summary>
    Expired,
}
