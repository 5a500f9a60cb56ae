using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using System.Text.RegularExpressions;

namespace RfqSender.Module.Tests;

/// <summary>
/// Imports the PowerShell 7 build the way RfqSender.psm1 and pwsh do: the loader assembly (whose
/// initializer pwsh runs on import), then the cmdlet assembly, whose exported types pwsh lists
/// before anything else; then checks where the engine and its dependencies land.
/// </summary>
public sealed class ModuleInitializerTests
{
    private static readonly Lazy<Assembly> Cmdlets = new(() =>
    {
        var loader = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(TestEnvironment.ModuleDirectory, "core", "RfqSender.PowerShell.Loader.dll"));
        var initializer = loader.GetType("RfqSender.PowerShell.Loader.RfqSenderModuleInitializer", throwOnError: true)!;
        initializer.GetMethod("OnImport")!.Invoke(Activator.CreateInstance(initializer), null);
        var cmdlets = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(TestEnvironment.ModuleDirectory, "core", "RfqSender.PowerShell.dll"));

        // What pwsh does first when it imports a binary module: list the exported types. Their
        // fields and parameters use engine types, so the engine must resolve already.
        _ = cmdlets.GetExportedTypes();
        return cmdlets;
    });

    private static IReadOnlyList<string> ReferencedAssemblies(string file)
    {
        using var stream = File.OpenRead(file);
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        return metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name)).ToList();
    }

    [Theory]
    [InlineData("core")]
    [InlineData("desktop")]
    public void The_loader_does_not_reference_the_engine_and_the_cmdlets_have_no_initializer(string edition)
    {
        var folder = Path.Combine(TestEnvironment.ModuleDirectory, edition);

        Assert.DoesNotContain("RfqSender.Engine", ReferencedAssemblies(Path.Combine(folder, "RfqSender.PowerShell.Loader.dll")));
        using var metadata = new CmdletMetadata(edition);
        Assert.DoesNotContain(metadata.Assembly.GetTypes(), t => t.GetInterfaces().Any(i => i.Name == "IModuleAssemblyInitializer"));
    }

    [Fact]
    public void The_module_script_imports_the_loader_before_the_cmdlets()
    {
        var script = File.ReadAllText(Path.Combine(TestEnvironment.ModuleDirectory, "RfqSender.psm1"));
        var loader = Regex.Match(script, @"Import-Module[^\n]*RfqSender\.PowerShell\.Loader\.dll");
        var cmdlets = Regex.Match(script, @"Import-Module[^\n]*'RfqSender\.PowerShell\.dll'");

        Assert.True(loader.Success && cmdlets.Success, script);
        Assert.True(loader.Index < cmdlets.Index, "the loader must be imported first");
    }

    [Fact]
    public void The_engine_loads_in_its_own_context_from_the_dependencies_folder()
    {
        var rfqType = Cmdlets.Value.GetType("RfqSender.PowerShell.Commands.SendRfqCommand", throwOnError: true)!.GetProperty("Rfq")!.PropertyType;
        var engine = rfqType.Assembly;

        Assert.Equal("RfqSender.Engine", engine.GetName().Name);
        Assert.Equal("RfqSender", AssemblyLoadContext.GetLoadContext(engine)!.Name);
        Assert.Equal(Path.Combine(TestEnvironment.ModuleDirectory, "core", "dependencies", "RfqSender.Engine.dll"), engine.Location);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(Cmdlets.Value));
    }

    [Fact]
    public void The_engine_dependencies_stay_out_of_the_default_context()
    {
        var loaderType = Cmdlets.Value.GetType("RfqSender.PowerShell.Commands.ImportRfqCommand", throwOnError: true)!
            .GetCustomAttributesData().Single(a => a.AttributeType.Name == "OutputTypeAttribute").ConstructorArguments[0];
        var engine = ((Type)((IEnumerable<CustomAttributeTypedArgument>)loaderType.Value!).First().Value!).Assembly;
        var load = engine.GetType("RfqSender.Engine.Rfqs.RfqFileLoader", throwOnError: true)!.GetMethod("Load", new[] { typeof(string) })!;

        var rfq = load.Invoke(null, new object[] { Path.Combine(TestEnvironment.RepositoryRoot, "examples", "rfq.yaml") })!;

        Assert.Equal("RFQ-2026-114", rfq.GetType().GetProperty("Number")!.GetValue(rfq));
        var yaml = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "YamlDotNet").ToList();
        Assert.NotEmpty(yaml);
        Assert.All(yaml, a => Assert.Equal("RfqSender", AssemblyLoadContext.GetLoadContext(a)!.Name));
        Assert.All(yaml, a => Assert.StartsWith(Path.Combine(TestEnvironment.ModuleDirectory, "core", "dependencies"), a.Location));
    }
}
