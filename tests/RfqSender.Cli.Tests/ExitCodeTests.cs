using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// A scheduled task reads only the exit code: a run that leaves work to do never exits 0, a server
/// that cannot be reached never exits 0 or uses up attempts, and usage errors exit 2.
/// </summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly TestFolder _folder = new();

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    private string Outbox => Path.Combine(_folder.Path, "outbox");

    public void Dispose() => _folder.Dispose();

    private CliRun Send(params string[] extra) => CliRun.Invoke(
        new[] { "send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store }.Concat(extra).ToArray());

    private List<JsonElement> Deliveries() =>
        CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--json").OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public void A_run_that_leaves_vendors_queued_exits_incomplete_and_the_finishing_run_exits_0()
    {
        var partial = Send("--pickup", Outbox, "--max-messages", "5");
        var rest = CliRun.Invoke("resume", "RFQ-2026-114", "--store", Store, "--pickup", Outbox);
        var again = CliRun.Invoke("resume", "RFQ-2026-114", "--store", Store, "--pickup", Outbox);

        Assert.True(partial.ExitCode == ExitCodes.Incomplete, partial.ToString());
        Assert.Matches(@"not finished: \d+ Queued", partial.Error);
        Assert.True(rest.ExitCode == ExitCodes.Success, rest.ToString());
        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
    }

    [Fact]
    public void An_smtp_server_that_refuses_connections_stops_the_run_non_zero_and_leaves_every_vendor_queued_without_attempts()
    {
        var port = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var started = DateTime.UtcNow;

        var runs = Enumerable.Range(0, 5).Select(_ => Send("--smtp-server", "127.0.0.1", "--port", port, "--tls-mode", "None")).ToList();

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "each run must stop at the first refused connection");
        Assert.All(runs, run =>
        {
            Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
            Assert.Contains("cannot be reached", run.Error);
        });
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "outbox")));
        var deliveries = Deliveries();
        Assert.NotEmpty(deliveries);
        Assert.All(deliveries, d =>
        {
            Assert.Equal("Queued", d.GetProperty("state").GetString());
            Assert.Equal(0, d.GetProperty("attempts").GetInt32());
        });
    }

    [Fact]
    public void Naming_an_smtp_server_without_a_transport_sends_over_smtp_not_to_the_pickup_folder()
    {
        var port = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = Send("--smtp-server", "127.0.0.1", "--port", port);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("smtp", run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Deliveries(), d => d.GetProperty("state").GetString() == "Sent");
    }

    [Fact]
    public void A_pickup_transport_with_an_smtp_server_is_refused_as_invalid_input()
    {
        var run = Send("--transport", "pickup", "--smtp-server", "127.0.0.1", "--pickup", Outbox);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("SmtpServer", run.Error);
        Assert.False(Directory.Exists(Outbox));
    }

    [Theory]
    [InlineData("send", "--no-such-option")]
    [InlineData("send")]
    [InlineData("deliveries")]
    [InlineData("no-such-command")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var run = CliRun.Invoke(args);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
    }

    [Fact]
    public void Missing_input_files_exit_2_everywhere()
    {
        var missing = Path.Combine(_folder.Path, "missing.csv");
        var missingRfq = Path.Combine(_folder.Path, "missing.yaml");

        Assert.Equal(ExitCodes.InvalidInput, CliRun.Invoke("vendors", missing).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Invoke("check", missingRfq).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Invoke("send", missingRfq, "--store", Store).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, Send("--pickup", Outbox, "--vendors", missing).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Invoke("resume", "RFQ-1", "--store", Path.Combine(_folder.Path, "none.db")).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Invoke("deliveries", "RFQ-1", "--store", Path.Combine(_folder.Path, "none.db")).ExitCode);
    }

    [Fact]
    public void A_store_whose_folder_cannot_be_created_is_an_environment_error_with_exit_3_and_a_clear_message()
    {
        var blocker = Path.Combine(_folder.Path, "not-a-folder");
        File.WriteAllText(blocker, "a file where the store's folder should be");

        var run = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--pickup", Outbox, "--store", Path.Combine(blocker, "sub", "rfqsender.db"));

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Contains("Cannot create the folder of the store", run.Error);
        Assert.Contains("--store", run.Error);
        Assert.False(Directory.Exists(Outbox));
    }
}
