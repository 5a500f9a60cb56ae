using System.Text;
using RfqSender.Engine.Tests.Transports.Smtp;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary><c>rfq send --transport smtp</c> against the local Postfix (STARTTLS, SASL), as an admin would run it.</summary>
[Collection(nameof(EnvironmentVariableCollection))]
public sealed class SmtpSendTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly string _number = "RFQ-SMTP-" + Guid.NewGuid().ToString("N").Substring(0, 10);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("RFQSENDER_SMTP_PASSWORD", null);
        _folder.Dispose();
    }

    private string WriteRfq()
    {
        var path = Path.Combine(_folder.Path, "rfq.yaml");
        File.WriteAllText(path, $$$"""
            number: {{{_number}}}
            title: Cable over SMTP
            dueDate: 2026-12-15T17:00:00+01:00
            from: "Purchasing <purchasing@contoso.example>"
            subject: "RFQ {{Rfq.Number}} for {{Vendor.Name}}"
            body: |
              Dear {{Contact.Name}},
              please quote for {{Rfq.Title}}.
            """, new UTF8Encoding(false));
        return path;
    }

    private string WriteVendors(int count)
    {
        var path = Path.Combine(_folder.Path, "vendors.csv");
        var lines = new[] { "Company,Contact,Email,Cc" }
            .Concat(Enumerable.Range(1, count).Select(i => $"Vendor {i} GmbH,Anna {i},sales{i}@vendor{i}.example,{(i % 2 == 0 ? $"buyer{i}@vendor{i}.example" : string.Empty)}"));
        File.WriteAllLines(path, lines);
        return path;
    }

    private string[] SmtpArguments(PostfixTestServer server) => new[]
    {
        "--store", Path.Combine(_folder.Path, "rfqsender.db"),
        "--transport", "smtp", "--smtp-server", server.Host, "--port", server.SubmissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--user", server.User, "--trusted-ca", server.CaPath,
    };

    [PostfixFact]
    public async Task Sends_through_starttls_and_auth_records_every_vendor_and_a_rerun_sends_nothing()
    {
        var server = PostfixTestServer.Require();
        Environment.SetEnvironmentVariable("RFQSENDER_SMTP_PASSWORD", server.PasswordText);
        var rfq = WriteRfq();
        var vendors = WriteVendors(6);

        var first = CliRun.Invoke(new[] { "send", rfq, "--vendors", vendors }.Concat(SmtpArguments(server)).ToArray());
        // Every recipient gets a copy, and the test server delivers them all to one mailbox: 6 To + 3 Cc.
        var received = await server.WaitForMessagesAsync(_number, 9, TimeSpan.FromSeconds(30));
        var second = CliRun.Invoke(new[] { "send", rfq, "--vendors", vendors }.Concat(SmtpArguments(server)).ToArray());

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(6, first.OutputLines.Count(l => l.StartsWith("Sent ", StringComparison.Ordinal)));
        Assert.All(first.OutputLines, l => Assert.Contains("250", l));
        var texts = received.Select(Encoding.UTF8.GetString).ToList();
        Assert.Equal(9, texts.Count);
        Assert.Equal(6, texts.Select(t => System.Text.RegularExpressions.Regex.Match(t, "Message-ID: <([^>]+)>").Groups[1].Value).Distinct().Count());
        Assert.Contains(texts, t => t.Contains("Subject: RFQ " + _number + " for Vendor 4 GmbH", StringComparison.Ordinal) && t.Contains("Cc: buyer4@vendor4.example", StringComparison.Ordinal));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(6, second.OutputLines.Count(l => l.StartsWith("AlreadyDone", StringComparison.Ordinal)));
        Assert.DoesNotContain(server.PasswordText, first.Output + first.Error + second.Output + second.Error);
        Assert.False(ContainsBytes(Path.Combine(_folder.Path, "rfqsender.db"), server.PasswordText), "the password must not reach the store");
        Assert.All(Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories), f => Assert.False(ContainsBytes(f, server.PasswordText), f));
    }

    private static bool ContainsBytes(string file, string secret)
    {
        var bytes = File.ReadAllBytes(file);
        return new[] { Encoding.UTF8, Encoding.Unicode }
            .Select(e => e.GetBytes(secret))
            .Concat(new[] { Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))) })
            .Any(needle => bytes.AsSpan().IndexOf(needle) >= 0);
    }

    [PostfixFact]
    public void A_wrong_password_stops_the_run_with_a_clear_error_and_leaves_every_vendor_queued()
    {
        var server = PostfixTestServer.Require();
        Environment.SetEnvironmentVariable("RFQSENDER_SMTP_PASSWORD", "not-the-password-42");
        var rfq = WriteRfq();
        var vendors = WriteVendors(3);

        var run = CliRun.Invoke(new[] { "send", rfq, "--vendors", vendors }.Concat(SmtpArguments(server)).ToArray());
        var deliveries = CliRun.Invoke("deliveries", _number, "--store", Path.Combine(_folder.Path, "rfqsender.db"), "--state", "Queued");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("535", run.Error);
        Assert.DoesNotContain("not-the-password-42", run.Output + run.Error);
        Assert.Empty(run.OutputLines);
        Assert.Equal(3, deliveries.OutputLines.Count);
    }

    [PostfixFact]
    public void An_untrusted_server_certificate_is_refused_by_default()
    {
        var server = PostfixTestServer.Require();
        Environment.SetEnvironmentVariable("RFQSENDER_SMTP_PASSWORD", server.PasswordText);
        var args = new[] { "send", WriteRfq(), "--vendors", WriteVendors(1) }
            .Concat(SmtpArguments(server).Where(a => a != "--trusted-ca" && a != server.CaPath))
            .ToArray();

        var run = CliRun.Invoke(args);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("certificate", run.Error, StringComparison.OrdinalIgnoreCase);
    }
}
