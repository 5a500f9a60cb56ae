using System.Reflection;
using System.Runtime.InteropServices;

namespace RfqSender.Module.Tests;

/// <summary>The cmdlets of a built module assembly, read with MetadataLoadContext (nothing is executed).</summary>
internal sealed class CmdletMetadata : IDisposable
{
    private readonly MetadataLoadContext _context;

    public CmdletMetadata(string edition)
    {
        var folder = Path.Combine(TestEnvironment.ModuleDirectory, edition);
        var dependencies = Path.Combine(folder, "dependencies");
        var paths = Directory.GetFiles(folder, "*.dll")
            .Concat(Directory.Exists(dependencies) ? Directory.GetFiles(dependencies, "*.dll") : Array.Empty<string>())
            .Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Where(p => !folder.Contains(Path.GetFileName(p))))
            .Append(TestEnvironment.PowerShellReferenceAssembly)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        Assembly = _context.LoadFromAssemblyPath(Path.Combine(folder, "RfqSender.PowerShell.dll"));
        Cmdlets = Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute"))
            .Select(t => new CmdletInfo(t))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public Assembly Assembly { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public Assembly LoadSibling(string fileName)
    {
        var folder = Path.GetDirectoryName(Assembly.Location)!;
        var isolated = Path.Combine(folder, "dependencies", fileName);
        return _context.LoadFromAssemblyPath(File.Exists(isolated) ? isolated : Path.Combine(folder, fileName));
    }

    public void Dispose() => _context.Dispose();
}
