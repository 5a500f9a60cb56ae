using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// <c>rfq serve</c>: adding local users (hashes only, never the password), the checks made before it listens (plain
/// HTTP off loopback, no sign-in, no store), and a real server in a child process that refuses strangers and stops
/// cleanly on SIGTERM. The pages themselves are tested in a browser by RfqSender.Web.Tests.
/// </summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Users => _folder.Combine("users.json");

    private async Task<(int Exit, string Output, string Error)> AddUserAsync(string name, string? role, string password)
    {
        var args = new List<string> { "serve", "--add-user", name, "--users", Users };
        if (role is not null)
        {
            args.AddRange(new[] { "--role", role });
        }

        var start = CliChildProcess.StartInfo(_folder.Path, args);
        start.Environment["RFQSENDER_NEW_USER_PASSWORD"] = password;
        var output = new List<string>();
        using var child = CliChildProcess.Start(start, line => { lock (output) { output.Add(line); } });
        await child.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        return (child.ExitCode, string.Join("\n", output), child.Error);
    }

    [Fact]
    public async Task Add_user_writes_a_salted_hash_and_the_role_never_the_password_and_updates_a_user_of_the_same_name()
    {
        var first = await AddUserAsync("ann", "operator", "first-password-1");
        var again = await AddUserAsync("ANN", "viewer", "second-password-2");
        var other = await AddUserAsync("bob", null, "bobs-password-33");

        Assert.True(first.Exit == ExitCodes.Success, first.Error);
        Assert.Contains("added operator 'ann'", first.Output, StringComparison.Ordinal);
        Assert.Contains("updated viewer 'ANN'", again.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, other.Exit);
        var text = File.ReadAllText(Users);
        Assert.DoesNotContain("password-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("password-2", text, StringComparison.Ordinal);
        var users = JsonDocument.Parse(text).RootElement.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(2, users.Count);
        Assert.Equal("viewer", users[0].GetProperty("role").GetString());
        Assert.Equal("viewer", users[1].GetProperty("role").GetString());
        var hash = users[0].GetProperty("passwordHash").GetString()!;
        Assert.StartsWith("pbkdf2-sha256$600000$", hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, users[1].GetProperty("passwordHash").GetString());
        Assert.True(RfqSender.Web.Security.PasswordHash.Verify("second-password-2", hash));
        Assert.False(RfqSender.Web.Security.PasswordHash.Verify("first-password-1", hash));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Users));
        }
    }

    [Fact]
    public async Task Add_user_refuses_a_short_password_a_role_it_does_not_know_and_a_missing_users_file()
    {
        var shortPassword = await AddUserAsync("ann", "operator", "short");
        var badRole = await AddUserAsync("ann", "admin", "long-enough-password");
        var noFile = CliRun.Invoke("serve", "--add-user", "ann");

        Assert.Equal(ExitCodes.InvalidInput, shortPassword.Exit);
        Assert.Contains("shorter than 12", shortPassword.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, badRole.Exit);
        Assert.Contains("viewer or operator", badRole.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, noFile.ExitCode);
        Assert.Contains("--users", noFile.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Users));
    }

    [Fact]
    public async Task Serve_refuses_plain_http_off_loopback_no_sign_in_and_a_missing_store_before_it_listens()
    {
        var store = _folder.Combine("rfq.db");
        CorpusCampaignRun.Send(_folder, store);
        Assert.Equal(ExitCodes.Success, (await AddUserAsync("ann", "operator", "long-enough-password")).Exit);

        var open = CliRun.Invoke("serve", "--store", store, "--users", Users, "--address", "http://0.0.0.0:0");
        var noSignIn = CliRun.Invoke("serve", "--store", store, "--address", "http://127.0.0.1:0");
        var noStore = CliRun.Invoke("serve", "--store", _folder.Combine("none.db"), "--users", Users, "--address", "http://127.0.0.1:0");
        var httpsWithoutCertificate = CliRun.Invoke("serve", "--store", store, "--users", Users, "--address", "https://127.0.0.1:0");
        var secretlessOidc = CliRun.Invoke("serve", "--store", store, "--oidc-authority", "https://login.microsoftonline.com/tenant/v2.0", "--oidc-client-id", "app", "--address", "http://127.0.0.1:0");

        Assert.Equal(ExitCodes.InvalidInput, open.ExitCode);
        Assert.Contains("loopback", open.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, noSignIn.ExitCode);
        Assert.Contains("--users", noSignIn.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, noStore.ExitCode);
        Assert.Contains("no store", noStore.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, httpsWithoutCertificate.ExitCode);
        Assert.Contains("certificate", httpsWithoutCertificate.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, secretlessOidc.ExitCode);
        Assert.Contains("RFQSENDER_OIDC_CLIENT_SECRET", secretlessOidc.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_served_store_shows_strangers_nothing_and_the_server_stops_on_sigterm_with_exit_0()
    {
        Skip.If(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal.");
        var store = _folder.Combine("rfq.db");
        CorpusCampaignRun.Send(_folder, store);
        Assert.Equal(ExitCodes.Success, (await AddUserAsync("ann", "operator", "long-enough-password")).Exit);
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        var start = CliChildProcess.StartInfo(_folder.Path, new[] { "serve", "--store", store, "--users", Users, "--address", "http://127.0.0.1:0", "--access-log" });
        using var child = CliChildProcess.Start(start, line =>
        {
            lock (lines)
            {
                lines.Add(line);
            }

            if (line.Contains(" is at http://", StringComparison.Ordinal))
            {
                address.TrySetResult(new Uri(line.Substring(line.IndexOf("http://", StringComparison.Ordinal)).Split(' ')[0]));
            }
        });
        try
        {
            var at = await address.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = at };
            using var health = await client.GetAsync("/healthz");
            var page = new HttpRequestMessage(HttpMethod.Get, "/campaigns/RFQ-2026-114");
            page.Headers.Accept.ParseAdd("text/html");
            using var stranger = await client.SendAsync(page);
            using var json = await client.GetAsync("/campaigns/RFQ-2026-114/live");
            using var report = await client.GetAsync("/campaigns/RFQ-2026-114/report");

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
            Assert.StartsWith("/signin", stranger.Headers.Location!.IsAbsoluteUri ? stranger.Headers.Location.AbsolutePath : stranger.Headers.Location.OriginalString, StringComparison.Ordinal);
            Assert.DoesNotContain("Copper", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, report.StatusCode);
            Assert.Empty(await report.Content.ReadAsByteArrayAsync());

            using (var kill = Process.Start("kill", new[] { "-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            {
                await kill.WaitForExitAsync();
            }

            await child.Exited.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(ExitCodes.Success, child.ExitCode);
            string output;
            lock (lines)
            {
                output = string.Join("\n", lines);
            }

            Assert.Contains("the status page stopped", output, StringComparison.Ordinal);
            Assert.Contains("GET /campaigns/RFQ-2026-114/live 401 -", output, StringComparison.Ordinal);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }
}
