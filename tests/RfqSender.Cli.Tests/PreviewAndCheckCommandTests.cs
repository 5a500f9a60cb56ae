using System.Text;
using RfqSender.Engine.Tests.Transports.Smtp;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// <c>rfq preview</c>, <c>rfq send --test-recipient</c>, <c>--draft</c> and <c>rfq test-transport</c> as an
/// admin runs them: nothing is registered by a preview or a test, and a check sends nothing.
/// </summary>
[Collection(nameof(EnvironmentVariableCollection))]
public sealed class PreviewAndCheckCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("RFQSENDER_SMTP_PASSWORD", null);
        _folder.Dispose();
    }

    private static string ExampleRfq => Path.Combine(Repository.Root, "examples", "rfq.yaml");

    private static string ExampleVendors => Path.Combine(Repository.Root, "examples", "vendors.csv");

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    private static string WithoutDate(string path) =>
        string.Join("\n", File.ReadAllText(path).Split("\r\n").Where(l => !l.StartsWith("Date: ", StringComparison.Ordinal)));

    [Fact]
    public void Preview_prints_the_headers_and_text_and_writes_the_file_a_send_writes()
    {
        var eml = Path.Combine(_folder.Path, "v001.eml");
        var preview = CliRun.Invoke("preview", ExampleRfq, "--vendors", ExampleVendors, "--vendor", "V001", "--out", eml);
        var send = CliRun.Invoke("send", ExampleRfq, "--vendors", ExampleVendors, "--store", Store, "--pickup", Path.Combine(_folder.Path, "outbox"), "--max-messages", "1");

        Assert.True(preview.ExitCode == ExitCodes.Success, preview.ToString());
        Assert.Contains("Subject:     RFQ RFQ-2026-114: Copper cable, 3 lots (reply by 2026-12-15)", preview.Output, StringComparison.Ordinal);
        Assert.Contains("Attachment:  cable-spec.pdf (application/pdf,", preview.Output, StringComparison.Ordinal);
        Assert.Contains("Müller Kabelwerke GmbH is invited to quote", preview.Output, StringComparison.Ordinal);
        var sentFile = Assert.Single(Directory.GetFiles(Path.Combine(_folder.Path, "outbox")));
        Assert.Equal(WithoutDate(sentFile), WithoutDate(eml));
        Assert.True(send.ExitCode == ExitCodes.Incomplete, send.ToString());
    }

    [Fact]
    public void Preview_of_an_unknown_vendor_exits_2_and_a_file_for_several_messages_is_refused()
    {
        var unknown = CliRun.Invoke("preview", ExampleRfq, "--vendors", ExampleVendors, "--vendor", "No Such Vendor");
        var several = CliRun.Invoke("preview", ExampleRfq, "--vendors", ExampleVendors, "--out", Path.Combine(_folder.Path, "all.eml"));
        var json = CliRun.Invoke("preview", ExampleRfq, "--vendors", ExampleVendors, "--vendor", "V001", "--vendor", "V002", "--json");

        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Contains("no vendor with the key or name 'No Such Vendor'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, several.ExitCode);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "all.eml")));
        Assert.Equal(2, json.OutputLines.Count);
        Assert.All(json.OutputLines, l => Assert.Contains("\"messageId\":\"rfq.", l, StringComparison.Ordinal));
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public void Send_test_recipient_mails_the_tester_the_first_vendors_message_and_registers_nothing()
    {
        var outbox = Path.Combine(_folder.Path, "tests");
        var run = CliRun.Invoke("send", ExampleRfq, "--vendors", ExampleVendors, "--test-recipient", "me@contoso.example", "--test-count", "2", "--pickup", outbox);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(2, run.OutputLines.Count(l => l.StartsWith("TestSent", StringComparison.Ordinal)));
        Assert.Contains("nothing was registered", run.Error, StringComparison.Ordinal);
        var files = Directory.GetFiles(outbox);
        Assert.Equal(2, files.Length);
        Assert.All(files, f =>
        {
            Assert.StartsWith("[TEST] ", Path.GetFileName(f), StringComparison.Ordinal);
            var text = File.ReadAllText(f);
            Assert.Contains("\r\nTo: me@contoso.example\r\n", text, StringComparison.Ordinal);
            Assert.Contains("\r\nX-RfqSender-Test: 1\r\n", text, StringComparison.Ordinal);
            Assert.Contains("Message-ID: <rfqtest.", text, StringComparison.Ordinal);
        });
        Assert.False(File.Exists(Store));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "rfqsender.db")));
    }

    [Fact]
    public void Send_test_recipient_refuses_store_and_pacing_options_and_needs_vendors()
    {
        var pacing = CliRun.Invoke("send", ExampleRfq, "--vendors", ExampleVendors, "--test-recipient", "me@contoso.example", "--max-messages", "3", "--pickup", _folder.Path);
        var store = CliRun.Invoke("send", ExampleRfq, "--vendors", ExampleVendors, "--test-recipient", "me@contoso.example", "--store", Store, "--pickup", _folder.Path);
        var noVendors = CliRun.Invoke("send", ExampleRfq, "--test-recipient", "me@contoso.example", "--pickup", _folder.Path);
        var bad = CliRun.Invoke("send", ExampleRfq, "--vendors", ExampleVendors, "--test-recipient", "not an address", "--pickup", _folder.Path);

        Assert.Equal(ExitCodes.InvalidInput, pacing.ExitCode);
        Assert.Contains("--max-messages would not apply", pacing.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, store.ExitCode);
        Assert.Contains("--store", store.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, noVendors.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.eml"));
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public void Send_and_resume_with_draft_write_x_unsent_into_every_file()
    {
        var outbox = Path.Combine(_folder.Path, "drafts");
        var send = CliRun.Invoke("send", ExampleRfq, "--vendors", ExampleVendors, "--store", Store, "--pickup", outbox, "--draft", "--max-messages", "2");
        var resume = CliRun.Invoke("resume", "RFQ-2026-114", "--store", Store, "--pickup", outbox, "--draft", "--max-messages", "1");
        var contradiction = CliRun.Invoke("send", ExampleRfq, "--vendors", ExampleVendors, "--store", Store, "--draft", "--transport", "smtp", "--smtp-server", "127.0.0.1");

        Assert.Equal(ExitCodes.Incomplete, send.ExitCode);
        Assert.Equal(ExitCodes.Incomplete, resume.ExitCode);
        Assert.Contains("(drafts, X-Unsent: 1)", send.Error, StringComparison.Ordinal);
        var files = Directory.GetFiles(outbox);
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.Contains("\r\nX-Unsent: 1\r\n", File.ReadAllText(f), StringComparison.Ordinal));
        Assert.Equal(ExitCodes.InvalidInput, contradiction.ExitCode);
        Assert.Contains("Draft (--draft)", contradiction.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_transport_checks_the_pickup_folder_and_a_closed_port_fails_connect_with_exit_3()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        listener.Stop();

        var pickup = CliRun.Invoke("test-transport", "--pickup", Path.Combine(_folder.Path, "outbox"));
        var closed = CliRun.Invoke("test-transport", "--smtp-server", "127.0.0.1", "--port", port);
        var json = CliRun.Invoke("test-transport", "--smtp-server", "127.0.0.1", "--port", port, "--json");
        var incomplete = CliRun.Invoke("test-transport", "--transport", "smtp");
        var store = CliRun.Invoke("test-transport", "--store", Store);

        Assert.True(pickup.ExitCode == ExitCodes.Success, pickup.ToString());
        Assert.Equal(2, pickup.OutputLines.Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_folder.Path, "outbox")));
        Assert.Equal(ExitCodes.Failure, closed.ExitCode);
        Assert.StartsWith("FAILED   Connect", closed.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal(5, closed.OutputLines.Count(l => l.StartsWith("not run", StringComparison.Ordinal)));
        Assert.Contains("\"result\":\"Failed\"", json.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, incomplete.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, store.ExitCode);
    }

    [PostfixFact]
    public void Test_transport_passes_starttls_and_auth_at_postfix_and_a_wrong_password_fails_auth_without_showing_it()
    {
        var server = PostfixTestServer.Require();
        var args = new[] { "test-transport", "--smtp-server", server.Host, "--port", server.SubmissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", server.User, "--trusted-ca", server.CaPath };

        Environment.SetEnvironmentVariable("RFQSENDER_SMTP_PASSWORD", server.PasswordText);
        var good = CliRun.Invoke(args);
        Environment.SetEnvironmentVariable("RFQSENDER_SMTP_PASSWORD", "not-the-password-42");
        var wrong = CliRun.Invoke(args);

        Assert.True(good.ExitCode == ExitCodes.Success, good.ToString());
        Assert.Equal(6, good.OutputLines.Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Contains(good.OutputLines, l => l.StartsWith("ok       AUTH", StringComparison.Ordinal) && l.Contains("AUTH PLAIN as " + server.User, StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Failure, wrong.ExitCode);
        Assert.StartsWith("FAILED   AUTH", wrong.OutputLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(server.PasswordText, good.Output + good.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", wrong.Output + wrong.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-password-42")), wrong.Output + wrong.Error, StringComparison.Ordinal);
    }
}
