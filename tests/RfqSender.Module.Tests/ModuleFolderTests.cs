using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RfqSender.Module.Tests;

public sealed class ModuleFolderTests
{
    private static string ModuleFile(params string[] parts) => Path.Combine(new[] { TestEnvironment.ModuleDirectory }.Concat(parts).ToArray());

    private static IReadOnlyList<string> QuotedNamesIn(string block) =>
        Regex.Matches(block, "'([A-Za-z]+-[A-Za-z]+)'").Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToList();

    private static string Manifest => File.ReadAllText(ModuleFile("RfqSender.psd1"));

    [Fact]
    public void The_folder_holds_the_manifest_loader_views_and_both_builds()
    {
        foreach (var file in new[]
        {
            "RfqSender.psd1", "RfqSender.psm1", "RfqSender.format.ps1xml", "LICENSE",
            "core/RfqSender.PowerShell.dll", "core/dependencies/RfqSender.Engine.dll", "core/dependencies/Microsoft.Data.Sqlite.dll", "core/dependencies/YamlDotNet.dll",
            "desktop/RfqSender.PowerShell.dll", "desktop/RfqSender.Engine.dll", "desktop/Microsoft.Data.Sqlite.dll", "desktop/System.Text.Json.dll",
        })
        {
            Assert.True(File.Exists(ModuleFile(file.Split('/'))), $"missing {file}");
        }
    }

    [Fact]
    public void No_unused_package_ships_in_either_build()
    {
        // CsvHelper was referenced and never used; the CSV reader is RfqSender's own.
        Assert.False(File.Exists(ModuleFile("core", "dependencies", "CsvHelper.dll")));
        Assert.False(File.Exists(ModuleFile("desktop", "CsvHelper.dll")));
    }

    [Theory]
    [InlineData("core/dependencies", "win-x64", "e_sqlite3.dll")]
    [InlineData("core/dependencies", "win-arm64", "e_sqlite3.dll")]
    [InlineData("core/dependencies", "linux-x64", "libe_sqlite3.so")]
    [InlineData("core/dependencies", "linux-arm64", "libe_sqlite3.so")]
    [InlineData("core/dependencies", "linux-musl-x64", "libe_sqlite3.so")]
    [InlineData("core/dependencies", "osx-x64", "libe_sqlite3.dylib")]
    [InlineData("core/dependencies", "osx-arm64", "libe_sqlite3.dylib")]
    [InlineData("desktop", "win-x64", "e_sqlite3.dll")]
    [InlineData("desktop", "win-x86", "e_sqlite3.dll")]
    [InlineData("desktop", "win-arm64", "e_sqlite3.dll")]
    public void Native_sqlite_is_shipped_for_each_supported_platform(string edition, string rid, string file)
    {
        var path = ModuleFile(edition.Split('/').Concat(new[] { "runtimes", rid, "native", file }).ToArray());
        Assert.True(File.Exists(path), $"missing {path}");
        Assert.True(new FileInfo(path).Length > 100_000);
    }

    [Fact]
    public void Only_supported_platforms_are_shipped_and_no_host_assemblies()
    {
        var shipped = Directory.GetDirectories(ModuleFile("core", "dependencies", "runtimes")).Select(Path.GetFileName).OrderBy(n => n).ToList();
        Assert.DoesNotContain("android-arm64", shipped);
        Assert.DoesNotContain("browser-wasm", shipped);
        Assert.Equal(9, shipped.Count);
        Assert.Empty(Directory.GetFiles(TestEnvironment.ModuleDirectory, "System.Management.Automation.dll", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(TestEnvironment.ModuleDirectory, "*.pdb", SearchOption.AllDirectories));
    }

    [Fact]
    public void PowerShell_7_sees_only_the_cmdlet_assembly_the_engine_and_its_dependencies_are_isolated()
    {
        var visible = Directory.GetFiles(ModuleFile("core")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "RfqSender.PowerShell.Loader.dll", "RfqSender.PowerShell.dll", "RfqSender.PowerShell.xml" }, visible);
        Assert.Equal(new[] { "dependencies", "en-US" }, Directory.GetDirectories(ModuleFile("core")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new[] { "RfqSender.PowerShell.dll-Help.xml" }, Directory.GetFiles(ModuleFile("core", "en-US")).Select(Path.GetFileName));
    }

    [Fact]
    public void The_manifest_version_is_the_build_version()
    {
        var version = Regex.Match(Manifest, @"ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;
        Assert.Equal(TestEnvironment.ExpectedVersion, version);
        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
    }

    [Fact]
    public void The_manifest_and_the_loader_export_exactly_the_cmdlets_that_exist()
    {
        using var metadata = new CmdletMetadata("core");
        var actual = metadata.Cmdlets.Select(c => c.Name).ToList();

        var manifestBlock = Regex.Match(Manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value;
        var loaderBlock = Regex.Match(File.ReadAllText(ModuleFile("RfqSender.psm1")), @"-Cmdlet\s*@\(([^)]*)\)").Groups[1].Value;

        Assert.Equal(actual, QuotedNamesIn(manifestBlock));
        Assert.Equal(actual, QuotedNamesIn(loaderBlock));
    }

    [Fact]
    public void The_manifest_declares_both_editions_and_the_format_file()
    {
        Assert.Matches(@"CompatiblePSEditions\s*=\s*@\('Core',\s*'Desktop'\)", Manifest);
        Assert.Matches(@"PowerShellVersion\s*=\s*'5\.1'", Manifest);
        Assert.Matches(@"FormatsToProcess\s*=\s*@\('RfqSender\.format\.ps1xml'\)", Manifest);
        Assert.Matches(@"RootModule\s*=\s*'RfqSender\.psm1'", Manifest);
    }

    [Fact]
    public void Format_views_name_real_output_types_and_real_properties()
    {
        var document = XDocument.Load(ModuleFile("RfqSender.format.ps1xml"));
        using var metadata = new CmdletMetadata("core");
        var engine = metadata.LoadSibling("RfqSender.Engine.dll");
        var views = document.Descendants("View").ToList();

        Assert.NotEmpty(views);
        foreach (var view in views)
        {
            var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            var type = engine.GetType(typeName);
            Assert.True(type is not null, $"format view names unknown type {typeName}");
            foreach (var property in view.Descendants("PropertyName").Select(p => p.Value))
            {
                Assert.True(type!.GetProperty(property) is not null, $"{typeName} has no property {property}");
            }
        }

        // The module's own types need a view; a BCL type (Test-RfqTransport -Quiet's Boolean) has PowerShell's.
        var outputTypes = metadata.Cmdlets.SelectMany(c => c.OutputTypes).Select(t => t.FullName!).Where(t => !t.StartsWith("System.", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Contains("RfqSender.Engine.Transports.TransportCheckStep", outputTypes);
        var viewed = views.Select(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value).ToHashSet();
        Assert.All(outputTypes, t => Assert.Contains(t, viewed));
    }
}
