using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// Issue 17: hostile and malformed files from tests/Hostile are refused with exit code 2 and an
/// error that names the file, before anything is registered or sent. Files that could exhaust
/// memory or the stack run in a child process whose GC heap is capped at 512 MB, so a regression
/// fails the test instead of the machine.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const int MemoryLimitMb = 512;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp = new();

    private string Store => _temp.Combine("rfqsender.db");

    private string Outbox => _temp.Combine("outbox");

    public void Dispose() => _temp.Dispose();

    private static string Hostile(string name) => Path.Combine(Repository.Root, "tests", "Hostile", name);

    /// <summary>An RFQ whose templates need no field beyond those every vendor has.</summary>
    private string WriteRfq()
    {
        var path = _temp.Combine("rfq.yaml");
        File.WriteAllText(path, """
            number: RFQ-HOSTILE-17
            title: Hostile input
            dueDate: 2026-12-15T17:00:00+01:00
            from: "Purchasing <purchasing@contoso.example>"
            subject: "RFQ {{Rfq.Number}} for {{Vendor.Name}}"
            body: "Dear {{Contact.Name ?? \"Sir or Madam\"}}, please quote."
            """);
        return path;
    }

    private static void AssertRefused(ChildRun run, string file, string fragment)
    {
        Assert.False(run.Killed, $"rfq did not finish within {Timeout.TotalSeconds} s:\n{run.Error}");
        Assert.True(run.ExitCode == ExitCodes.InvalidInput, $"exit {run.ExitCode}:\n{run.Error}");
        Assert.Contains(file, run.Error);
        Assert.Contains(fragment, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Theory]
    [InlineData("vendors-alias-bomb.yaml", "too many aliases/expanded nodes")]
    [InlineData("vendors-recursive-alias.yaml", "the alias *alpha is inside the map it names")]
    [InlineData("vendors-deep-nesting.yaml", "nested more than 64 levels deep")]
    [InlineData("vendors-deep-nesting.json", "nested more than 64 levels deep")]
    public async Task A_hostile_vendor_file_is_refused_with_exit_2_within_512_MB(string file, string fragment)
    {
        var run = await CliChildProcess.RunAsync(_temp.Path, MemoryLimitMb, Timeout, "vendors", Hostile(file));

        AssertRefused(run, file, fragment);
    }

    [Fact]
    public async Task The_alias_bomb_error_gives_the_line_and_the_limit()
    {
        var run = await CliChildProcess.RunAsync(_temp.Path, MemoryLimitMb, Timeout, "vendors", Hostile("vendors-alias-bomb.yaml"));

        Assert.Matches(@"vendors-alias-bomb\.yaml:\d+: too many aliases/expanded nodes: .*\(limit 1,000,000\)", run.Error);
    }

    [Fact]
    public async Task An_rfq_file_nested_100000_levels_deep_is_refused_with_exit_2()
    {
        var run = await CliChildProcess.RunAsync(_temp.Path, MemoryLimitMb, Timeout, "check", Hostile("rfq-deep-nesting.yaml"));

        AssertRefused(run, "rfq-deep-nesting.yaml", "nested more than 64 levels deep");
    }

    [Fact]
    public async Task A_settings_file_nested_100000_levels_deep_is_refused_with_exit_2_and_nothing_sent()
    {
        var run = await CliChildProcess.RunAsync(
            _temp.Path,
            MemoryLimitMb,
            Timeout,
            "send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--settings", Hostile("rfqsender-deep-nesting.yaml"), "--store", Store, "--pickup", Outbox);

        AssertRefused(run, "rfqsender-deep-nesting.yaml", "nested more than 64 levels deep");
        Assert.False(File.Exists(Store));
        Assert.False(Directory.Exists(Outbox));
    }

    [Theory]
    [InlineData("vendors-duplicate-key.csv", 4, 2)]
    [InlineData("vendors-duplicate-key.json", 5, 3)]
    public void A_key_given_to_two_companies_stops_vendors_check_and_send_with_exit_2_and_registers_nothing(string file, int line, int firstLine)
    {
        var path = Hostile(file);
        var rfq = WriteRfq();
        var runs = new[]
        {
            CliRun.Invoke("vendors", path),
            CliRun.Invoke("check", rfq, "--vendors", path),
            CliRun.Invoke("send", rfq, "--vendors", path, "--store", Store, "--pickup", Outbox),
        };

        Assert.All(runs, run =>
        {
            Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
            Assert.Contains($"{path}:{line}:", run.Error);
            Assert.Contains($"the key 'V1' is already the key of 'Alpha GmbH' on line {firstLine}", run.Error);
            Assert.Contains("this row names 'Totally Different Corp'", run.Error);
            Assert.DoesNotContain("ceo@different.example", run.Output);
        });
        Assert.False(File.Exists(Store), "nothing may be registered");
        Assert.False(Directory.Exists(Outbox), "nothing may be sent");
    }

    [Theory]
    [InlineData("vendors-utf16le-nobom.csv")]
    [InlineData("vendors-utf16be-nobom.csv")]
    public void A_utf16_file_without_byte_order_mark_is_read_as_utf16(string file)
    {
        var run = CliRun.Invoke("vendors", Hostile(file));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Müller & Söhne KG  <info@mueller.example>", run.Output);
        Assert.Contains("Øresund Trading ApS  <rfq@oresund.example>  [Fasteners]", run.Output);
        Assert.Contains("3 vendor(s).", run.Error);
    }

    [Fact]
    public void A_binary_file_named_csv_is_refused_as_binary_not_with_mangled_columns()
    {
        var run = CliRun.Invoke("vendors", Hostile("vendors-xlsx-renamed.csv"));

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("vendors-xlsx-renamed.csv:1: the file has NUL bytes", run.Error);
        Assert.Contains("looks like UTF-16 without a byte-order mark, or binary (such as an Excel workbook); save it as UTF-8", run.Error);
        Assert.DoesNotContain("Columns found", run.Error);
    }
}
