using System.Management.Automation;

namespace RfqSender.PowerShell.Loader;

/// <summary>
/// Runs when the module is imported: arranges for the engine and its dependencies to load from the
/// module's folder without clashing with other versions already in the session (Az, Microsoft.Graph,
/// ExchangeOnlineManagement and PnP ship their own MSAL, System.Text.Json and friends).
/// </summary>
public sealed class RfqSenderModuleInitializer : IModuleAssemblyInitializer
{
    /// <inheritdoc />
    public void OnImport()
    {
        var folder = Path.GetDirectoryName(typeof(RfqSenderModuleInitializer).Assembly.Location)!;
#if NETFRAMEWORK
        DesktopAssemblyResolver.Register(folder);
#else
        EngineLoadContext.Register(Path.Combine(folder, EngineLoadContext.DependencyFolderName));
#endif
    }
}
