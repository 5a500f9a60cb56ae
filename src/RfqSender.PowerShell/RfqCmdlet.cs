using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.Sqlite;

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

    /// <summary>The store file: the given path, else the settings' (rfqsender.yaml, $env:RFQSENDER_STORE), else the default.</summary>
    protected string StoreFile(string? storePath) =>
        string.IsNullOrEmpty(storePath)
            ? SettingsLoader.Load(currentDirectory: SessionState.Path.CurrentFileSystemLocation.ProviderPath).EffectiveStorePath
            : ResolvePath(storePath!);

    /// <summary>Opens the store; without <paramref name="create"/> a missing file is not created (reads as empty).</summary>
    protected SqliteDeliveryStore OpenStore(string? storePath, bool create = true) =>
        SqliteDeliveryStore.Open(StoreFile(storePath), create);

    /// <summary>
    /// Opens an existing store without creating it; a missing file is written as a StoreNotFound error
    /// (ObjectNotFound, the path as target) and gives null.
    /// </summary>
    /// <exception cref="RfqSenderException">The file exists but cannot be opened as a store.</exception>
    protected SqliteDeliveryStore? OpenExistingStore(string? storePath)
    {
        var file = StoreFile(storePath);
        if (StoreNotFound(file) is ErrorRecord missing)
        {
            WriteError(missing);
            return null;
        }

        return SqliteDeliveryStore.Open(file, createIfMissing: false);
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
    protected void WriteCampaignNotFound(string rfqNumber, IDeliveryStore store) =>
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
