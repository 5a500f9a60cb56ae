using RfqSender.Cli.Tests;

namespace RfqSender.Module.Tests;

/// <summary>Neither edition of the cmdlets opens a store or creates a transport itself: they ask the engine's runtime.</summary>
public sealed class FrontEndWiringTests
{
    public static TheoryData<string> Editions => new() { "core", "desktop" };

    [Theory]
    [MemberData(nameof(Editions))]
    public void The_cmdlets_call_no_store_or_transport_constructor_or_factory(string edition)
    {
        var folder = Path.Combine(TestEnvironment.ModuleDirectory, edition);
        var engine = Directory.GetFiles(folder, "RfqSender.Engine.dll", SearchOption.AllDirectories).Single();
        var wiring = FrontEndWiring.WiringTypes(engine);
        Assert.Contains("RfqSender.Engine.Tracking.Sqlite.SqliteDeliveryStore", wiring);

        foreach (var assembly in new[] { "RfqSender.PowerShell.dll", "RfqSender.PowerShell.Loader.dll" })
        {
            var calls = FrontEndWiring.CallsInto(Path.Combine(folder, assembly), wiring);
            Assert.True(calls.Count == 0, $"{edition}/{assembly} wires itself: {string.Join(", ", calls)}");
        }
    }
}
