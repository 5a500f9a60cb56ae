#if !NETFRAMEWORK
using System.Reflection;
using System.Runtime.Loader;

namespace RfqSender.PowerShell.Loader;

/// <summary>
/// PowerShell 7: the engine and everything it depends on load in this context of their own, from the
/// module's <c>dependencies</c> folder. Only the engine's name is resolved for the default context
/// (where PowerShell loaded the cmdlets), so the engine's YamlDotNet, System.Text.Json or SQLitePCLRaw
/// never meet the versions other modules loaded, and ours never replace theirs.
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    public const string DependencyFolderName = "dependencies";
    private const string EngineName = "RfqSender.Engine";
    private static readonly object Gate = new();
    private static EngineLoadContext? _instance;
    private readonly string _folder;

    private EngineLoadContext(string folder)
        : base("RfqSender", isCollectible: false) => _folder = folder;

    /// <summary>The context, once the module was imported.</summary>
    public static EngineLoadContext? Instance => _instance;

    public static void Register(string folder)
    {
        lock (Gate)
        {
            if (_instance is not null)
            {
                return;
            }

            _instance = new EngineLoadContext(folder);
            Default.Resolving += ResolveEngine;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName assemblyName) =>
        string.Equals(assemblyName.Name, EngineName, StringComparison.Ordinal) ? _instance?.LoadFromAssemblyName(assemblyName) : null;
}
#endif
