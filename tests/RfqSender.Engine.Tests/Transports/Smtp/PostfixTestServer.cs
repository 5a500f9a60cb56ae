using System.Security;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>
/// The local Postfix that tests/ci/start-postfix.sh configures, found through the env file it
/// writes (<c>$RFQSENDER_POSTFIX_DIR/env</c>, default <c>/tmp/rfqsender-postfix/env</c>).
/// </summary>
public sealed class PostfixTestServer
{
    private static readonly Lazy<PostfixTestServer?> Found = new(Find);

    private PostfixTestServer(Dictionary<string, string> values)
    {
        Host = values["host"];
        SubmissionPort = int.Parse(values["submission_port"]);
        SmtpsPort = int.Parse(values["smtps_port"]);
        SinkPort = int.Parse(values["sink_port"]);
        User = values["user"];
        PasswordText = values["password"];
        CaPath = values["ca"];
        Maildir = values["maildir"];
        LogPath = values["log"];
    }

    /// <summary>True when the tests must run (CI, or RFQSENDER_SMTP_TESTS=1): a missing server then fails instead of skipping.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("RFQSENDER_SMTP_TESTS") == "1";

    public static string EnvFile => Path.Combine(Environment.GetEnvironmentVariable("RFQSENDER_POSTFIX_DIR") is { Length: > 0 } dir ? dir : "/tmp/rfqsender-postfix", "env");

    /// <summary>The server, or null when it is not set up or not listening.</summary>
    public static PostfixTestServer? Instance => Found.Value;

    public string Host { get; }

    public int SubmissionPort { get; }

    public int SmtpsPort { get; }

    public int SinkPort { get; }

    public string User { get; }

    public string PasswordText { get; }

    public string CaPath { get; }

    public string Maildir { get; }

    public string LogPath { get; }

    public static PostfixTestServer Require() =>
        Instance ?? throw new InvalidOperationException(
            $"The SMTP integration tests must run here (CI=true or RFQSENDER_SMTP_TESTS=1) but no Postfix answers: {EnvFile} is missing or 127.0.0.1:2525 is closed. Run tests/ci/install-test-services.sh as root.");

    public SecureString Password()
    {
        var secure = new SecureString();
        foreach (var c in PasswordText)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    /// <summary>Waits until <paramref name="count"/> delivered files contain <paramref name="marker"/>; returns their contents.</summary>
    public async Task<List<byte[]>> WaitForMessagesAsync(string marker, int count, TimeSpan timeout, bool delete = true)
    {
        var deadline = DateTime.UtcNow + timeout;
        var found = new Dictionary<string, byte[]>();
        var markerBytes = System.Text.Encoding.UTF8.GetBytes(marker);
        var seen = new HashSet<string>();
        while (true)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Maildir, "new")))
            {
                if (found.ContainsKey(file) || seen.Contains(file))
                {
                    continue;
                }

                byte[] bytes;
                try
                {
                    bytes = await File.ReadAllBytesAsync(file);
                }
                catch (IOException)
                {
                    continue;
                }

                if (bytes.AsSpan().IndexOf(markerBytes) >= 0)
                {
                    found[file] = bytes;
                }
                else
                {
                    seen.Add(file);
                }
            }

            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(100);
        }

        if (delete)
        {
            foreach (var file in found.Keys)
            {
                File.Delete(file);
            }
        }

        return found.Values.ToList();
    }

    private static PostfixTestServer? Find()
    {
        try
        {
            var values = Support.ServiceEnvFile.Read(EnvFile);
            if (values is null)
            {
                return null;
            }

            var server = new PostfixTestServer(values);
            return Support.ServiceEnvFile.Listens(server.Host, server.SubmissionPort) ? server : null;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException)
        {
            return null;
        }
    }
}
