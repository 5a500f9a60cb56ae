using System.Management.Automation;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.PowerShell;

/// <summary>
/// Lets -TlsMode take the names admins know from MailKit-based tools (StartTls, SslOnConnect,
/// StartTlsWhenAvailable) beside RfqSender's own, with an error that lists them all.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SmtpTlsModeTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is SmtpTlsMode)
        {
            return value;
        }

        if (value is string text)
        {
            return SmtpTlsModeNames.TryParse(text, out var mode)
                ? mode
                : throw new ArgumentTransformationMetadataException($"'{text}' is not a TLS mode; use one of {SmtpTlsModeNames.Accepted}.");
        }

        return inputData;
    }
}
