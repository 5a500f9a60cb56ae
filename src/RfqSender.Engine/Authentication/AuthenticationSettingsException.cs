namespace RfqSender.Engine.Authentication;

/// <summary>Graph authentication settings are incomplete or contradictory; the message names the setting.</summary>
public sealed class AuthenticationSettingsException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setting">The setting at fault, e.g. <c>TenantId</c> (or its environment variable).</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public AuthenticationSettingsException(string setting, string message, Exception? innerException = null)
        : base(FailureKind.Configuration, message, innerException)
    {
        Setting = setting;
    }

    /// <summary>The setting at fault.</summary>
    public string Setting { get; }
}
