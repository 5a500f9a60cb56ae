namespace RfqSender.Engine.Responses.Sources;

/// <summary>How to sign in to an IMAP server: with a user name and password, or with an OAuth 2.0 access token (XOAUTH2).</summary>
public enum ImapAuthentication
{
    /// <summary>The strongest mechanism the server offers (SCRAM, PLAIN, LOGIN), else the LOGIN command.</summary>
    Auto,

    /// <summary>SASL PLAIN; refused when the server does not offer it.</summary>
    Plain,

    /// <summary>SASL LOGIN; refused when the server does not offer it.</summary>
    Login,

    /// <summary>
    /// SASL XOAUTH2 with an OAuth 2.0 access token (Exchange Online IMAP): the token comes from
    /// <see cref="ReplySourceSettings.AccessTokenProvider"/>, the same Entra ID sign-in that serves Graph and
    /// SMTP XOAUTH2, for <c>https://outlook.office365.com/.default</c>; refused when the server does not offer it.
    /// </summary>
    XOAuth2,
}
