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

    /// <summary>
    /// The settings of a settings file (relative to the current location; default ./rfqsender.yaml, then
    /// the data folder's) and its overlay, with the RFQSENDER_* variables over them.
    /// </summary>
    /// <exception cref="SettingsException">The file or a variable cannot be used.</exception>
    protected RfqSenderSettings LoadSettingsFile(string? settingsPath, string? environment) =>
        SettingsLoader.Load(
            string.IsNullOrEmpty(settingsPath) ? null : ResolvePath(settingsPath!),
            environment,
            currentDirectory: SessionState.Path.CurrentFileSystemLocation.ProviderPath);

    /// <summary>
    /// The store the command names: the given file, or the given PostgreSQL connection (with the
    /// credential), over the settings' (rfqsender.yaml, $env:RFQSENDER_STORE, $env:RFQSENDER_STORE_CONNECTION),
    /// else the default file.
    /// </summary>
    /// <exception cref="SettingsException">A file and a connection were both given, or a setting is bad.</exception>
    protected StoreSettings StoreOf(string? storePath, string? connectionString = null, PSCredential? credential = null)
    {
        var overrides = new SettingsOverrides
        {
            StorePath = string.IsNullOrEmpty(storePath) ? null : ResolvePath(storePath!),
            StoreConnectionString = string.IsNullOrEmpty(connectionString) ? null : connectionString,
            StoreUserName = credential?.UserName,
            StorePassword = credential?.Password,
        };
        return overrides.ApplyTo(SettingsLoader.Load(currentDirectory: SessionState.Path.CurrentFileSystemLocation.ProviderPath)).EffectiveStore;
    }

    /// <summary>
    /// The engine's operations over an existing store; a missing one is written as a StoreNotFound
    /// error (ObjectNotFound, the path as target) and gives null.
    /// </summary>
    /// <exception cref="RfqSenderException">The store exists but cannot be opened.</exception>
    protected RfqRuntime? OpenExistingStore(string? storePath, string? connectionString = null, PSCredential? credential = null)
    {
        var runtime = RfqRuntime.ForStore(StoreOf(storePath, connectionString, credential));
        if (!runtime.StoreExists)
        {
            WriteError(StoreNotFound(runtime.StoreDescription)!);
            runtime.Dispose();
            return null;
        }

        return runtime;
    }

    /// <summary>The StoreNotFound error (ObjectNotFound, the store as target) when the store <paramref name="location"/> names does not exist; else null.</summary>
    protected static ErrorRecord? StoreNotFound(string location) =>
        File.Exists(location)
            ? null
            : Error(
                new ItemNotFoundException($"There is no store at '{location}'. Name it with -StorePath (or -StoreConnectionString for PostgreSQL), or set $env:RFQSENDER_STORE ($env:RFQSENDER_STORE_CONNECTION)."),
                "StoreNotFound",
                ErrorCategory.ObjectNotFound,
                location);

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
