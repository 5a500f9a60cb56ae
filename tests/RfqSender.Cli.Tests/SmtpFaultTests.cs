using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RfqSender.Engine.Tests.Transports.Smtp;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// <c>rfq send</c> against an SMTP server that misbehaves as hostile networks do, at one and at three
/// connections: every fault ends in bounded time, with a non-zero exit, the store saying exactly
/// what happened, and nothing lost.
/// </summary>
public sealed class SmtpFaultTests : IAsyncLifetime
{
    private const string Number = "RFQ-FAULT-1";
    private const int VendorCount = 6;
    private readonly TestFolder _folder = new();
    private readonly FaultSmtpServer _server = new();

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    public Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "rfq.yaml"), """
            number: RFQ-FAULT-1
            title: Faults
            dueDate: 2026-12-15T17:00:00+01:00
            from: "Purchasing <purchasing@contoso.example>"
            subject: "RFQ {{Rfq.Number}} for {{Vendor.Name}}"
            body: "Dear {{Contact.Name}}, please quote."
            """);
        File.WriteAllLines(
            Path.Combine(_folder.Path, "vendors.csv"),
            new[] { "VendorId,Company,Contact,Email,Cc" }
                .Concat(Enumerable.Range(1, VendorCount).Select(i => $"V{i},Vendor {i},Anna {i},sales{i}@vendor{i}.example,buyer{i}@vendor{i}.example")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private (CliRun Run, TimeSpan Took) Send(int concurrency, params string[] extra)
    {
        var clock = Stopwatch.StartNew();
        var run = CliRun.Invoke(new[]
        {
            "send", Path.Combine(_folder.Path, "rfq.yaml"), "--vendors", Path.Combine(_folder.Path, "vendors.csv"), "--store", Store,
            "--smtp-server", "127.0.0.1", "--port", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), "--retry-count", "0",
        }.Concat(extra).ToArray());
        return (run, clock.Elapsed);
    }

    private CliRun Resume(int concurrency) => CliRun.Invoke(
        "resume", Number, "--store", Store, "--smtp-server", "127.0.0.1", "--port", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tls-mode", "none");

    private Dictionary<string, JsonElement> Deliveries() =>
        CliRun.Invoke("deliveries", Number, "--store", Store, "--json").OutputLines
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(d => d.GetProperty("vendorKey").GetString()!);

    private static string State(JsonElement delivery) => delivery.GetProperty("state").ToString();

    private static int Attempts(JsonElement delivery) => delivery.GetProperty("attempts").GetInt32();

    /// <summary>Moves every deferred delivery's next attempt into the past, as if the retry delay had passed.</summary>
    private void MakeDeferredDue()
    {
        using var connection = new SqliteConnection($"Data Source={Store}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE deliveries SET next_attempt_at = 0 WHERE next_attempt_at IS NOT NULL;";
        command.ExecuteNonQuery();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_cc_refused_for_now_keeps_the_vendor_due_and_the_next_run_sends_to_that_cc_alone_with_the_same_message_id(int concurrency)
    {
        var refusals = 0;
        _server.RecipientReply = address => address == "buyer2@vendor2.example" && Interlocked.Increment(ref refusals) == 1 ? "452 4.2.2 Mailbox full, try later" : null;

        var (first, took) = Send(concurrency, "--tls-mode", "none");
        var afterFirst = Deliveries();
        MakeDeferredDue();
        var second = Resume(concurrency);
        var afterSecond = Deliveries();
        var messages = _server.Messages;

        Assert.True(first.ExitCode == ExitCodes.Incomplete, first.ToString());
        Assert.Contains("PartlySent", first.Output);
        Assert.Contains("refused for now buyer2@vendor2.example: 452", first.Output);
        Assert.Equal("Deferred", State(afterFirst["V2"]));
        Assert.Equal("buyer2@vendor2.example", afterFirst["V2"].GetProperty("pendingRecipients")[0].GetString());
        Assert.Equal(VendorCount - 1, afterFirst.Values.Count(d => State(d) == "Sent"));
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.All(afterSecond.Values, d => Assert.Equal("Sent", State(d)));
        Assert.Equal(0, afterSecond["V2"].GetProperty("pendingRecipients").GetArrayLength());

        // Six messages to both recipients, one of them short of its Cc, then that Cc alone, same Message-ID.
        Assert.Equal(VendorCount + 1, messages.Count);
        var vendor2 = messages.Where(m => m.Recipients.Any(r => r.EndsWith("@vendor2.example", StringComparison.Ordinal))).ToList();
        Assert.Equal(2, vendor2.Count);
        Assert.Equal(new[] { "sales2@vendor2.example" }, vendor2[0].Recipients);
        Assert.Equal(new[] { "buyer2@vendor2.example" }, vendor2[1].Recipients);
        Assert.Equal(vendor2[0].MessageId, vendor2[1].MessageId);
        Assert.Contains("Cc: buyer2@vendor2.example", vendor2[1].Content);
        Assert.True(took < TimeSpan.FromSeconds(30), $"took {took}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_cc_refused_for_good_is_a_warning_and_exit_1_and_the_vendor_is_sent(int concurrency)
    {
        _server.RecipientReply = address => address == "buyer3@vendor3.example" ? "550 5.1.1 No such user" : null;

        var (run, _) = Send(concurrency, "--tls-mode", "none");
        var deliveries = Deliveries();

        Assert.True(run.ExitCode == ExitCodes.DeliveriesFailed, run.ToString());
        Assert.Contains("warning     Vendor 3: the server refused buyer3@vendor3.example: 550 5.1.1 No such user", run.Output);
        Assert.All(deliveries.Values, d => Assert.Equal("Sent", State(d)));
        Assert.Equal(VendorCount, _server.Messages.Count);
        Assert.Equal(new[] { "sales3@vendor3.example" }, _server.Messages.Single(m => m.Recipients.Contains("sales3@vendor3.example")).Recipients);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Implicit_tls_against_a_plain_port_stops_at_once_naming_the_tls_mode_to_use_with_every_vendor_queued(int concurrency)
    {
        var (first, took) = Send(concurrency, "--tls-mode", "implicit");
        var (again, tookAgain) = Send(concurrency, "--tls-mode", "implicit");
        var deliveries = Deliveries();

        Assert.True(first.ExitCode == ExitCodes.Failure, first.ToString());
        Assert.Contains("answered in plain text ('220 fault.test ESMTP ready')", first.Error);
        Assert.Contains("--tls-mode required", first.Error);
        Assert.Equal(ExitCodes.Failure, again.ExitCode);
        Assert.Equal(VendorCount, deliveries.Count);
        Assert.All(deliveries.Values, d => Assert.Equal(("Queued", 0), (State(d), Attempts(d))));
        Assert.Empty(_server.Messages);
        Assert.True(took < TimeSpan.FromSeconds(10) && tookAgain < TimeSpan.FromSeconds(10), $"took {took} and {tookAgain}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Plain_text_against_an_implicit_tls_port_stops_after_the_connect_timeout_naming_the_tls_mode_to_use(int concurrency)
    {
        _server.ImplicitTlsCertificate = SmtpTestData.ServerCertificate;

        var (first, took) = Send(concurrency, "--tls-mode", "none", "--connect-timeout", "2");
        var (again, tookAgain) = Send(concurrency, "--tls-mode", "none", "--connect-timeout", "2");
        var deliveries = Deliveries();

        Assert.True(first.ExitCode == ExitCodes.Failure, first.ToString());
        Assert.Contains("--tls-mode implicit", first.Error);
        Assert.Contains("timed out after 2 s", first.Error);
        Assert.Equal(ExitCodes.Failure, again.ExitCode);
        Assert.All(deliveries.Values, d => Assert.Equal(("Queued", 0), (State(d), Attempts(d))));
        Assert.Empty(_server.Messages);
        Assert.True(took < TimeSpan.FromSeconds(15) && tookAgain < TimeSpan.FromSeconds(15), $"took {took} and {tookAgain}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_server_that_never_greets_stops_the_run_after_the_connect_timeout(int concurrency)
    {
        _server.Greet = false;

        var (run, took) = Send(concurrency, "--tls-mode", "none", "--connect-timeout", "2");
        var deliveries = Deliveries();

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Contains("not available", run.Error);
        Assert.All(deliveries.Values, d => Assert.Equal(("Queued", 0), (State(d), Attempts(d))));
        Assert.True(took < TimeSpan.FromSeconds(15), $"took {took}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_server_that_never_answers_mail_from_stops_the_run_after_the_command_timeout_with_every_vendor_queued(int concurrency)
    {
        _server.AnswerMailFrom = false;

        var (run, took) = Send(concurrency, "--tls-mode", "none", "--command-timeout", "2");
        var deliveries = Deliveries();

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Contains("stopped answering", run.Error);
        Assert.Contains("at MAIL FROM", run.Error);
        Assert.All(deliveries.Values, d => Assert.Equal(("Queued", 0), (State(d), Attempts(d))));
        Assert.Empty(_server.Messages);
        Assert.True(took < TimeSpan.FromSeconds(15), $"took {took}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_server_that_never_answers_the_final_dot_leaves_the_messages_sent_in_doubt_and_the_rest_queued(int concurrency)
    {
        _server.AnswerFinalDot = false;

        var (run, took) = Send(concurrency, "--tls-mode", "none", "--final-reply-timeout", "2");
        var deliveries = Deliveries();
        var inDoubt = deliveries.Values.Where(d => State(d) == "InDoubt").ToList();

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Contains("stopped answering after a message's content was sent", run.Error);
        Assert.InRange(inDoubt.Count, 1, concurrency);
        Assert.Equal(_server.Messages.Count, inDoubt.Count);
        Assert.All(deliveries.Values.Except(inDoubt), d => Assert.Equal(("Queued", 0), (State(d), Attempts(d))));
        Assert.True(took < TimeSpan.FromSeconds(20), $"took {took}");
    }

    [Theory]
    [InlineData("greeting", 1)]
    [InlineData("greeting", 3)]
    [InlineData("MAIL FROM", 1)]
    [InlineData("MAIL FROM", 3)]
    public async Task A_run_killed_before_any_content_went_out_leaves_nothing_in_doubt(string waitingFor, int concurrency)
    {
        _server.Greet = waitingFor != "greeting";
        _server.AnswerMailFrom = waitingFor != "MAIL FROM";
        using var child = CliChildProcess.Start(CliChildProcess.StartInfo(_folder.Path, new[]
        {
            "send", Path.Combine(_folder.Path, "rfq.yaml"), "--vendors", Path.Combine(_folder.Path, "vendors.csv"), "--store", Store,
            "--smtp-server", "127.0.0.1", "--port", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tls-mode", "none",
            "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), "--connect-timeout", "120", "--command-timeout", "120",
        }));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_server.Connections < concurrency && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // Every connection is now waiting (for the greeting, or for the reply to MAIL FROM): kill.
        await Task.Delay(500);
        var stillRunning = !child.HasExited;
        child.Kill();
        await child.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        // The next run recovers what the dead one left, then sends everything to a pickup folder.
        var next = CliRun.Invoke("send", Path.Combine(_folder.Path, "rfq.yaml"), "--vendors", Path.Combine(_folder.Path, "vendors.csv"), "--store", Store, "--transport", "pickup", "--pickup", Path.Combine(_folder.Path, "outbox"));
        var deliveries = Deliveries();

        Assert.True(stillRunning, child.Error);
        Assert.True(_server.Connections >= concurrency, $"{_server.Connections} connection(s)");
        Assert.Empty(_server.Messages);
        Assert.True(next.ExitCode == ExitCodes.Success, next.ToString());
        Assert.DoesNotContain("InDoubt", next.Error);
        Assert.All(deliveries.Values, d => Assert.Equal("Sent", State(d)));
        Assert.Equal(VendorCount, Directory.GetFiles(Path.Combine(_folder.Path, "outbox"), "*.eml").Length);
    }

    [Fact]
    public void Control_characters_from_the_server_and_the_store_reach_the_terminal_escaped()
    {
        _server.RecipientReply = address => address == "buyer1@vendor1.example" ? "550 5.1.1 \u001b[31mNo such user\rSent       Vendor 9" : null;

        var (run, _) = Send(1, "--tls-mode", "none");
        using (var connection = new SqliteConnection($"Data Source={Store}"))
        {
            // As an earlier version could have stored it, before names were checked at input.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE deliveries SET vendor_name = 'Evil\u001b]0;pwned\u0007 Corp' WHERE vendor_key = 'V2';";
            command.ExecuteNonQuery();
        }

        var listed = CliRun.Invoke("deliveries", Number, "--store", Store);

        Assert.Contains("\\u001B[31mNo such user\\u000DSent       Vendor 9", run.Output);
        Assert.Contains("Evil\\u001B]0;pwned\\u0007 Corp", listed.Output);
        Assert.DoesNotContain(run.Output + run.Error + listed.Output + listed.Error, c => char.IsControl(c) && c != '\n' && c != '\t');
    }

    [Fact]
    public void Archive_copies_go_as_cc_seen_and_bcc_unseen_and_from_is_overridden_for_the_run()
    {
        var (run, _) = Send(1, "--tls-mode", "none", "--cc", "archive@contoso.example", "--bcc", "hidden@contoso.example; audit@contoso.example", "--from", "Plant 2 Purchasing <plant2@contoso.example>", "--max-messages", "2");
        var messages = _server.Messages;
        var changed = Send(1, "--tls-mode", "none", "--from", "someone.else@contoso.example").Run;

        Assert.True(run.ExitCode == ExitCodes.Incomplete, run.ToString());
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Contains("archive@contoso.example", m.Recipients);
            Assert.Contains("hidden@contoso.example", m.Recipients);
            Assert.Contains("audit@contoso.example", m.Recipients);
            Assert.Matches("(?m)^Cc: .*archive@contoso.example", m.Content);
            Assert.DoesNotContain("hidden@", m.Content);
            Assert.DoesNotContain("audit@", m.Content);
            Assert.DoesNotMatch("(?mi)^Bcc:", m.Content);
            Assert.Matches("(?m)^From: Plant 2 Purchasing <plant2@contoso.example>", m.Content);
        });

        // Vendors got it from another sender: a different --from is a change of the RFQ.
        Assert.Equal(ExitCodes.InvalidInput, changed.ExitCode);
        Assert.Contains("from", changed.Error);
        Assert.Equal(2, _server.Messages.Count);
    }

    [Fact]
    public void Bcc_with_the_pickup_folder_is_refused_before_anything_is_written()
    {
        var pickup = Path.Combine(_folder.Path, "outbox");
        var run = CliRun.Invoke("send", Path.Combine(_folder.Path, "rfq.yaml"), "--vendors", Path.Combine(_folder.Path, "vendors.csv"), "--store", Store, "--pickup", pickup, "--bcc", "hidden@contoso.example");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("cannot carry Bcc recipients (hidden@contoso.example)", run.Error);
        Assert.False(Directory.Exists(pickup) && Directory.EnumerateFiles(pickup).Any());
        Assert.All(Deliveries().Values, d => Assert.Equal(("Queued", 0), (State(d), Attempts(d))));
    }
}
