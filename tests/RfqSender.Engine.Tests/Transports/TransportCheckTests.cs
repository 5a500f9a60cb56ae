using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tests.Transports.Smtp;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Transports;

/// <summary>A transport check reports every step with its result, stops at the first failure, and sends nothing.</summary>
[Collection("Postfix")]
public sealed class TransportCheckTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static RfqSenderSettings Smtp(string host, int port, Action<SmtpSettings>? configure = null)
    {
        var settings = new RfqSenderSettings { Transport = TransportKind.Smtp };
        settings.Smtp.Server = host;
        settings.Smtp.Port = port;
        settings.Smtp.ConnectTimeout = TimeSpan.FromSeconds(10);
        configure?.Invoke(settings.Smtp);
        return settings;
    }

    private static string Line(TransportCheckStep s) => $"{s.Step}={s.Result}";

    [PostfixFact]
    public async Task Starttls_and_auth_pass_each_step_with_what_the_server_said_and_the_secret_nowhere()
    {
        var server = PostfixTestServer.Require();
        var streamed = new List<TransportCheckStep>();

        var steps = await TransportCheck.RunAsync(
            Smtp(server.Host, server.SubmissionPort, s => { s.UserName = server.User; s.Password = server.Password(); s.TrustedCaCertificatePath = server.CaPath; }),
            streamed.Add,
            CancellationToken.None);

        Assert.Equal(new[] { "Connect=Passed", "Greeting=Passed", "EHLO=Passed", "STARTTLS=Passed", "EHLO after TLS=Passed", "AUTH=Passed" }, steps.Select(Line));
        Assert.Equal(steps, streamed);
        Assert.StartsWith("220 ", steps[1].Detail, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", steps[2].Detail, StringComparison.Ordinal);
        Assert.Matches("Tls1[23]; certificate CN=", steps[3].Detail);
        Assert.Contains("issued by the CA of TrustedCaCertificatePath", steps[3].Detail, StringComparison.Ordinal);
        Assert.Contains("AUTH PLAIN as " + server.User, steps[5].Detail, StringComparison.Ordinal);
        Assert.All(steps, s => Assert.DoesNotContain(server.PasswordText, s.Detail, StringComparison.Ordinal));
        Assert.All(steps, s => Assert.Equal($"{server.Host}:{server.SubmissionPort}", s.Target));
    }

    [PostfixFact]
    public async Task A_wrong_password_fails_at_auth_with_the_servers_words_and_neither_password_in_the_output()
    {
        var server = PostfixTestServer.Require();
        const string wrong = "Wrong-Passw0rd-Not-Shown";

        var steps = await TransportCheck.RunAsync(
            Smtp(server.Host, server.SubmissionPort, s => { s.UserName = server.User; s.PasswordProvider = () => wrong; s.TrustedCaCertificatePath = server.CaPath; }),
            null,
            CancellationToken.None);

        var auth = steps.Last();
        Assert.Equal("AUTH=Failed", Line(auth));
        Assert.Contains("refused the credentials", auth.Detail, StringComparison.Ordinal);
        Assert.All(steps.Take(steps.Count - 1), s => Assert.Equal(TransportCheckResult.Passed, s.Result));
        Assert.All(steps, s => Assert.DoesNotContain(wrong, s.Detail, StringComparison.Ordinal));
        Assert.All(steps, s => Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(wrong)), s.Detail, StringComparison.Ordinal));
    }

    [PostfixFact]
    public async Task Implicit_tls_reports_tls_before_the_greeting_and_a_plain_server_skips_starttls_and_auth()
    {
        var server = PostfixTestServer.Require();

        var implicitTls = await TransportCheck.RunAsync(
            Smtp(server.Host, server.SmtpsPort, s => { s.TlsMode = SmtpTlsMode.Implicit; s.TrustedCaCertificatePath = server.CaPath; }), null, CancellationToken.None);
        var plain = await TransportCheck.RunAsync(Smtp(server.Host, server.SinkPort), null, CancellationToken.None);

        Assert.Equal(new[] { "Connect=Passed", "TLS=Passed", "Greeting=Passed", "EHLO=Passed", "AUTH=Skipped" }, implicitTls.Select(Line));
        Assert.Equal(new[] { "Connect=Passed", "Greeting=Passed", "EHLO=Passed", "STARTTLS=Skipped", "AUTH=Skipped" }, plain.Select(Line));
        Assert.Contains("not offered", plain[3].Detail, StringComparison.Ordinal);
        Assert.Contains("no credentials", plain[4].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_fails_connect_and_every_later_step_is_not_run()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var steps = await TransportCheck.RunAsync(Smtp("127.0.0.1", port), null, CancellationToken.None);

        Assert.Equal(new[] { "Connect=Failed", "Greeting=NotRun", "EHLO=NotRun", "STARTTLS=NotRun", "EHLO after TLS=NotRun", "AUTH=NotRun" }, steps.Select(Line));
        Assert.Contains("Cannot connect", steps[0].Detail, StringComparison.Ordinal);
        Assert.All(steps.Skip(1), s => Assert.Equal("not run: Connect failed", s.Detail));
    }

    [Fact]
    public async Task A_server_that_stays_silent_fails_the_greeting_and_says_why()
    {
        await using var server = new FaultSmtpServer { Greet = false };

        var steps = await TransportCheck.RunAsync(Smtp("127.0.0.1", server.Port, s => s.ConnectTimeout = TimeSpan.FromSeconds(1)), null, CancellationToken.None);

        Assert.Equal("Connect=Passed", Line(steps[0]));
        Assert.Equal("Greeting=Failed", Line(steps[1]));
        Assert.Contains("implicit TLS", steps[1].Detail, StringComparison.Ordinal);
        Assert.True(steps[1].Duration >= TimeSpan.FromSeconds(0.9), "the greeting step's duration is the time waited for it");
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task The_pickup_folder_is_created_and_written_to_and_left_empty()
    {
        var folder = _temp.Combine("outbox");
        var settings = new RfqSenderSettings { PickupFolder = folder, PickupDrafts = true };

        var steps = await TransportCheck.RunAsync(settings, null, CancellationToken.None);

        Assert.Equal(new[] { "Folder=Passed", "Write=Passed" }, steps.Select(Line));
        Assert.Contains("was created", steps[0].Detail, StringComparison.Ordinal);
        Assert.Contains("drafts (X-Unsent: 1)", steps[1].Detail, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public async Task A_pickup_folder_that_cannot_be_created_fails_and_write_is_not_run()
    {
        var file = _temp.Combine("a-file");
        File.WriteAllText(file, "x");

        var steps = await TransportCheck.RunAsync(new RfqSenderSettings { PickupFolder = Path.Combine(file, "outbox") }, null, CancellationToken.None);

        Assert.Equal(new[] { "Folder=Failed", "Write=NotRun" }, steps.Select(Line));
    }

    [Fact]
    public async Task Settings_a_transport_refuses_are_an_error_before_anything_is_tried()
    {
        var settings = new RfqSenderSettings { Transport = TransportKind.Smtp };

        await Assert.ThrowsAnyAsync<RfqSenderException>(() => TransportCheck.RunAsync(settings, null, CancellationToken.None));
    }
}
