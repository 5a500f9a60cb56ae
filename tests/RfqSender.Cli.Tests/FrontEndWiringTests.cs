using RfqSender.Engine.Operations;

namespace RfqSender.Cli.Tests;

/// <summary>The CLI opens no store and creates no transport itself: it asks the engine's runtime.</summary>
public sealed class FrontEndWiringTests
{
    private static string EnginePath => typeof(RfqRuntime).Assembly.Location;

    [Fact]
    public void The_engine_names_its_store_and_transport_implementations()
    {
        var types = FrontEndWiring.WiringTypes(EnginePath);

        Assert.Contains("RfqSender.Engine.Tracking.Sqlite.SqliteDeliveryStore", types);
        Assert.Contains("RfqSender.Engine.Transports.Smtp.SmtpTransport", types);
        Assert.Contains("RfqSender.Engine.Transports.Graph.GraphTransport", types);
        Assert.Contains("RfqSender.Engine.Transports.PickupFolderTransport", types);
        Assert.Contains("RfqSender.Engine.Transports.TransportFactory", types);
    }

    [Fact]
    public void The_cli_calls_no_store_or_transport_constructor_or_factory()
    {
        var calls = FrontEndWiring.CallsInto(typeof(ExitCodes).Assembly.Location, FrontEndWiring.WiringTypes(EnginePath));

        Assert.Empty(calls);
    }

    [Fact]
    public void The_status_page_calls_no_store_or_transport_constructor_or_factory()
    {
        var calls = FrontEndWiring.CallsInto(typeof(RfqSender.Web.StatusServer).Assembly.Location, FrontEndWiring.WiringTypes(EnginePath));

        Assert.Empty(calls);
    }

    [Fact]
    public void An_assembly_that_opens_a_store_itself_is_caught()
    {
        // These tests open stores directly; the check must see that, or it proves nothing.
        var calls = FrontEndWiring.CallsInto(typeof(FrontEndWiringTests).Assembly.Location, FrontEndWiring.WiringTypes(EnginePath));

        Assert.Contains("RfqSender.Engine.Tracking.Sqlite.SqliteDeliveryStore::Open", calls);
    }
}
