namespace RfqSender.Engine.Responses.Sources;

/// <summary>How to sign in to an IMAP server with a user name and password.</summary>
public enum ImapAuthentication
{
    /// <summary>The strongest mechanism the server offers (SCRAM, PLAIN, LOGIN), else the LOGIN command.</summary>
    Auto,

    /// <summary>SASL PLAIN; refused when the server does not offer it.</summary>
    Plain,

    /// <summary>SASL LOGIN; refused when the server does not offer it.</summary>
    Login,
}
