namespace RfqSender.Engine.Transports.Smtp;

/// <summary>An SMTP AUTH mechanism the client can use.</summary>
public enum SmtpAuthMechanism
{
    /// <summary>RFC 4616: user name and password in one base64 initial response.</summary>
    Plain,

    /// <summary>The de-facto LOGIN mechanism: user name and password in two base64 challenges.</summary>
    Login,

    /// <summary>Google/Microsoft XOAUTH2: an OAuth 2.0 bearer token supplied by the caller.</summary>
    XOAuth2,
}
