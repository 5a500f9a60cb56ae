using System.Text.Json;
using Microsoft.Data.Sqlite;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// The hostile-input corpus (tests/Hostile, cases.json) through <c>rfq</c>, each case in a child
/// process with a bounded heap and a time limit: the expected exit code and error text, and nothing
/// registered or sent.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public static IEnumerable<object[]> Cases() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tests", "Hostile", "cases.json"))).RootElement.EnumerateArray()
            .Where(c => c.TryGetProperty("rfq", out _) || c.TryGetProperty("command", out _))
            .Select(c => new object[] { c.TryGetProperty("name", out var name) ? name.GetString()! : c.GetProperty("file").GetString()! });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_or_warned_about_as_the_corpus_says(string name)
    {
        var hostile = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tests", "Hostile", "cases.json"))).RootElement.EnumerateArray()
            .Single(c => (c.TryGetProperty("name", out var n) ? n.GetString() : c.GetProperty("file").GetString()) == name);
        if (hostile.TryGetProperty("unixOnly", out var unixOnly) && unixOnly.GetBoolean() && OperatingSystem.IsWindows())
        {
            return;
        }

        var dir = Path.Combine(_folder.Path, "corpus");
        CopyFolder(Path.Combine(Repository.Root, "tests", "Hostile"), dir);
        var store = Path.Combine(_folder.Path, "store", "rfqsender.db");
        var pickup = Path.Combine(_folder.Path, "outbox");
        foreach (var fifo in hostile.TryGetProperty("fifo", out var fifos) ? fifos.EnumerateArray().Select(f => f.GetString()!) : Enumerable.Empty<string>())
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(dir, fifo));
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var args = Arguments(hostile).Select(a => a.Replace("{dir}", dir).Replace("{store}", store).Replace("{pickup}", pickup).Replace("{repo}", Repository.Root)).ToList();
        var memory = hostile.TryGetProperty("memoryLimitMb", out var limit) ? limit.GetInt32() : 512;
        var run = await CliChildProcess.RunAsync(_folder.Path, memory, TimeSpan.FromSeconds(60), args.ToArray());

        Assert.False(run.Killed, $"rfq {string.Join(' ', args)} did not end within 60 s: {run.Error}");
        Assert.True(run.ExitCode == hostile.GetProperty("exit").GetInt32(), $"exit {run.ExitCode}: {run.Error}");
        foreach (var text in Texts(hostile.GetProperty("error")))
        {
            Assert.Contains(text, run.Error);
        }

        Assert.DoesNotContain("Unhandled exception", run.Error);
        Assert.False(Directory.Exists(pickup) && Directory.EnumerateFiles(pickup, "*.eml").Any(), "a message was written");
        Assert.Equal(0, Deliveries(store));
    }

    private static IEnumerable<string> Arguments(JsonElement hostile)
    {
        if (hostile.TryGetProperty("rfq", out var rfq))
        {
            return rfq.EnumerateArray().Select(a => a.GetString()!);
        }

        var file = "{dir}/" + hostile.GetProperty("file").GetString();
        return hostile.GetProperty("command").GetString() switch
        {
            "vendors" => new[] { "vendors", file },
            "check" => new[] { "check", "{dir}/rfq.yaml", "--vendors", file },
            "send" => new[] { "send", "{dir}/rfq.yaml", "--vendors", file, "--store", "{store}", "--pickup", "{pickup}" },
            var other => throw new InvalidOperationException($"cases.json: unknown command '{other}'"),
        };
    }

    private static IEnumerable<string> Texts(JsonElement error) =>
        error.ValueKind == JsonValueKind.Array ? error.EnumerateArray().Select(e => e.GetString()!) : new[] { error.GetString()! };

    private static int Deliveries(string store)
    {
        if (!File.Exists(store))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={store};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'deliveries';";
        if (Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM deliveries;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
