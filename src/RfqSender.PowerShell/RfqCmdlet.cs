using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;

namespace RfqSender.PowerShell;

/// <summary>What every RfqSender cmdlet shares: path resolution against the PowerShell location, and error records.</summary>
public abstract class RfqCmdlet : PSCmdlet
{
    /// <summary>Resolves a path the PowerShell way: relative to the current location, provider paths accepted.</summary>
    protected string ResolvePath(string path) =>
        SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Opens the store at <paramref name="storePath"/>, or the default store.</summary>
    protected IDeliveryStore OpenStore(string? storePath) =>
        SqliteDeliveryStore.Open(string.IsNullOrEmpty(storePath) ? RfqSenderDefaults.StorePath : ResolvePath(storePath!));

    /// <summary>An error record with a stable id, a category and the item at fault as target.</summary>
    protected static ErrorRecord Error(Exception exception, string errorId, ErrorCategory category, object? target) =>
        new(exception, errorId, category, target);

    /// <summary>Stops the cmdlet with an engine error, categorised by its type.</summary>
    protected void Fail(RfqSenderException exception, string errorId, object? target) =>
        ThrowTerminatingError(Error(exception, errorId, ErrorCategory.InvalidData, target));
}
