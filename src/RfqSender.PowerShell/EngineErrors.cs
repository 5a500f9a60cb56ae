using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.PowerShell;

/// <summary>
/// The one table that turns an engine error into a PowerShell error record: its failure kind gives
/// the category, its type the stable ErrorId scripts test for.
/// </summary>
internal static class EngineErrors
{
    /// <summary>The stable error id of an engine error.</summary>
    public static string ErrorIdOf(RfqSenderException exception) => exception switch
    {
        RfqDefinitionException => "RfqDefinitionInvalid",
        RfqChangedException => "RfqChanged",
        TransportUnavailableException => "TransportUnavailable",
        SettingsException => "SettingsInvalid",
        TemplateException or TemplateFieldException or VendorCheckException => "TemplateInvalid",
        AttachmentException => "AttachmentInvalid",
        VendorInputException => "VendorInputInvalid",
        StoreNotFoundException => "StoreNotFound",
        CampaignNotFoundException => "CampaignNotFound",
        _ => exception.Kind switch
        {
            FailureKind.InvalidInput => "InputInvalid",
            FailureKind.Configuration => "SettingsInvalid",
            FailureKind.Transport => "TransportUnavailable",
            FailureKind.Cancelled => "Stopped",
            _ => "SendFailed",
        },
    };

    /// <summary>The error category of a failure kind.</summary>
    public static ErrorCategory CategoryOf(FailureKind kind) => kind switch
    {
        FailureKind.InvalidInput => ErrorCategory.InvalidData,
        FailureKind.Configuration => ErrorCategory.InvalidArgument,
        FailureKind.Transport => ErrorCategory.ConnectionError,
        FailureKind.Cancelled => ErrorCategory.OperationStopped,
        _ => ErrorCategory.InvalidOperation,
    };

    /// <summary>The error category of an engine error; not-found errors are ObjectNotFound.</summary>
    public static ErrorCategory CategoryOf(RfqSenderException exception) =>
        exception is StoreNotFoundException or CampaignNotFoundException ? ErrorCategory.ObjectNotFound : CategoryOf(exception.Kind);

    /// <summary>The error record of an engine error, with the item at fault as target.</summary>
    public static ErrorRecord Record(RfqSenderException exception, object? target) =>
        new(exception, ErrorIdOf(exception), CategoryOf(exception), target);
}
