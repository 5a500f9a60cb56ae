using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;

namespace RfqSender.PowerShell;

/// <summary>What every RfqSender cmdlet shares: path resolution against the PowerShell location, the store, and error records.</summary>
public abstract class RfqCmdlet : PSCmdlet
{
    /// <summary>Resolves a literal path the PowerShell way: relative to the current location, provider paths accepted.</summary>
    protected string ResolvePath(string path) =>
        SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Resolves a path that may hold wildcards to the existing files it names; writes an error for none.</summary>
    protected IReadOnlyList<string> ResolveWildcardPath(string path)
    {
        try
        {
            return SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _).ToList();
        }
        catch (ItemNotFoundException ex)
        {
            WriteError(Error(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path));
            return Array.Empty<string>();
        }
    }

    /// <summary>The store the command names: the given path, else the settings' (rfqsender.yaml, $env:RFQSENDER_STORE), else the default.</summary>
    protected StoreSettings StoreOf(string? storePath) =>
        string.IsNullOrEmpty(storePath)
            ? SettingsLoader.Load(currentDirectory: SessionState.Path.CurrentFileSystemLocation.ProviderPath).EffectiveStore
            : StoreSettings.Sqlite(ResolvePath(storePath!));

    /// <summary>
    /// The engine's operations over an existing store; a missing one is written as a StoreNotFound
    /// error (ObjectNotFound, the path as target) and gives null.
    /// </summary>
    /// <exception cref="RfqSenderException">The store exists but cannot be opened.</exception>
    protected RfqRuntime? OpenExistingStore(string? storePath)
    {
        var runtime = RfqRuntime.ForStore(StoreOf(storePath));
        if (!runtime.StoreExists)
        {
            WriteError(StoreNotFound(runtime.StoreDescription)!);
            runtime.Dispose();
            return null;
        }

        return runtime;
    }

    /// <summary>The StoreNotFound error (ObjectNotFound, the path as target) when <paramref name="file"/> does not exist; else null.</summary>
    protected static ErrorRecord? StoreNotFound(string file) =>
        File.Exists(file)
            ? null
            : Error(
                new ItemNotFoundException($"There is no store at '{file}'. Name it with -StorePath, or set $env:RFQSENDER_STORE."),
                "StoreNotFound",
                ErrorCategory.ObjectNotFound,
                file);

    /// <summary>Writes CampaignNotFound (ObjectNotFound, the number as target) for a campaign the store does not know.</summary>
    protected void WriteCampaignNotFound(string rfqNumber, IDeliveryReader store) =>
        WriteError(Error(
            new ItemNotFoundException($"No campaign '{rfqNumber}' in the store '{store.Description}'. Get-RfqCampaign lists the campaigns it holds."),
            "CampaignNotFound",
            ErrorCategory.ObjectNotFound,
            rfqNumber));

    /// <summary>True when -WhatIf is in force, by parameter or by $WhatIfPreference.</summary>
    protected bool IsWhatIf()
    {
        if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound))
        {
            return bound is SwitchParameter { IsPresent: true } || bound is true;
        }

        var preference = SessionState.PSVariable.GetValue("WhatIfPreference");
        return preference is SwitchParameter { IsPresent: true } || preference is true;
    }

    /// <summary>An error record with a stable id, a category and the item at fault as target.</summary>
    protected static ErrorRecord Error(Exception exception, string errorId, ErrorCategory category, object? target) =>
        new(exception, errorId, category, target);

    /// <summary>Stops the cmdlet with an error.</summary>
    protected void Fail(Exception exception, string errorId, ErrorCategory category, object? target) =>
        ThrowTerminatingError(Error(exception, errorId, category, target));
}
