using System.Reflection;
using System.Runtime.Loader;

namespace RfqSender.Module.Tests;

/// <summary>
/// Imports the PowerShell 7 build the way pwsh does (the cmdlet assembly into the default load
/// context, then the module initializer) and checks where the engine and its dependencies land.
/// </summary>
public sealed class ModuleInitializerTests
{
    private static readonly Lazy<Assembly> Cmdlets = new(() =>
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(TestEnvironment.ModuleDirectory, "core", "RfqSender.PowerShell.dll"));
        var initializer = assembly.GetType("RfqSender.PowerShell.RfqSenderModuleInitializer", throwOnError: true)!;
        initializer.GetMethod("OnImport")!.Invoke(Activator.CreateInstance(initializer), null);
        return assembly;
    });

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
