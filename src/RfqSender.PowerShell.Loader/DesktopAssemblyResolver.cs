#if NETFRAMEWORK
using System.Reflection;

namespace RfqSender.PowerShell.Loader;

/// <summary>
/// Windows PowerShell 5.1: .NET Framework insists on exact versions of strong-named assemblies and
/// PowerShell has no binding redirects for a module. When a load fails, this handler supplies the
/// copy shipped in the module folder (System.Text.Json, System.Memory, SQLitePCLRaw...) whatever
/// version was asked for. It answers only for files that are in the module folder.
/// </summary>
internal static class DesktopAssemblyResolver
{
    private static readonly object Gate = new();
    private static string? _folder;

    public static void Register(string folder)
    {
        lock (Gate)
        {
            if (_folder is not null)
            {
                return;
            }

            _folder = folder;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        var path = Path.Combine(_folder!, name + ".dll");
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!loaded.IsDynamic && string.Equals(loaded.Location, path, StringComparison.OrdinalIgnoreCase))
            {
                return loaded;
            }
        }

        return Assembly.LoadFrom(path);
    }
}
#endif
