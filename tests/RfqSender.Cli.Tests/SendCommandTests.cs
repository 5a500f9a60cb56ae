using System.Security.Cryptography;
using System.Text.Json;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tests.Messages;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Vendors;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

public sealed class SendCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    private string Outbox => Path.Combine(_folder.Path, "outbox");

    public void Dispose() => _folder.Dispose();

    private CliRun SendExamples(params string[] extra) => CliRun.Invoke(
        new[] { "send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox }
            .Concat(extra).ToArray());

    private static IReadOnlyList<Vendor> ExampleVendors() => VendorFileReader.Read(Repository.Example("vendors.csv")).ThrowIfInvalid().Vendors;

    [Fact]
    public void Sending_the_examples_writes_one_eml_per_vendor_that_an_independent_parser_reads_back_exactly()
    {
        var run = SendExamples();

        Assert.True(run.ExitCode == 0, run.ToString());
        var vendors = ExampleVendors();
        var rfq = RfqFileLoader.Load(Repository.Example("rfq.yaml"));
        var templates = RfqTemplates.From(rfq);
        var files = Directory.GetFiles(Outbox, "*.eml");
        Assert.Equal(vendors.Count, files.Length);
        Assert.Equal(vendors.Count, run.OutputLines.Count(l => l.StartsWith("Sent ", StringComparison.Ordinal)));

        var parsed = PythonEmailReader.ReadAll(files).ToDictionary(p => p.MessageId!.Trim('<', '>'));
        var attachment = rfq.Attachments.Single();
        var attachmentHash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(attachment.Path))).ToLowerInvariant();
        foreach (var vendor in vendors)
        {
            var messageId = MessageIdFactory.Create(rfq.Number, vendor.Key, rfq.From);
            Assert.True(parsed.TryGetValue(messageId, out var email), $"no message for {vendor.Name}");
            var context = TemplateContext.For(rfq, vendor, vendor.To.First());

            Assert.Empty(email!.Defects);
            Assert.Equal(templates.RenderSubject(context), email.Subject);
            Assert.Equal(vendor.To.Select(c => c.Mailbox.AsciiAddress), email.To!.Select(a => a.AddrSpec));
            Assert.Equal(vendor.To.Select(c => c.Name ?? string.Empty), email.To!.Select(a => a.DisplayName));
            Assert.Equal(vendor.Cc.Select(c => c.Mailbox.AsciiAddress), (email.Cc ?? new List<ParsedAddress>()).Select(a => a.AddrSpec));
            Assert.Equal(rfq.From.AsciiAddress, email.From!.Single().AddrSpec);
            Assert.Equal(rfq.ReplyTo!.AsciiAddress, email.ReplyTo!.Single().AddrSpec);
            Assert.Equal(templates.RenderText(context)!.Replace("\r\n", "\n"), email.Text!.Replace("\r\n", "\n"));
            Assert.Contains(vendor.Name, email.Text);
            var file = Assert.Single(email.Attachments);
            Assert.Equal(attachment.FileName, file.FileName);
            Assert.Equal(attachmentHash, file.Sha256);
        }
    }

    [Fact]
    public void Running_the_same_send_again_mails_nothing_new()
    {
        Assert.Equal(0, SendExamples().ExitCode);
        var before = Directory.GetFiles(Outbox).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var again = SendExamples("--json");

        Assert.True(again.ExitCode == 0, again.ToString());
        var results = again.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(ExampleVendors().Count, results.Count);
        Assert.All(results, r => Assert.Equal("AlreadyDone", r.GetProperty("action").GetString()));
        Assert.Equal(before, Directory.GetFiles(Outbox).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public async Task What_if_sends_and_records_nothing()
    {
        var run = SendExamples("--what-if");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ExampleVendors().Count, run.OutputLines.Count(l => l.StartsWith("WouldSend", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(Outbox));
        Assert.False(File.Exists(Store));
        await Task.CompletedTask;
    }

    [Fact]
    public void A_run_capped_by_max_messages_is_finished_by_a_resume_without_vendors()
    {
        var total = ExampleVendors().Count;

        var first = SendExamples("--max-messages", "5");
        var resume = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--store", Store, "--pickup", Outbox);
        var third = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--store", Store, "--pickup", Outbox);

        Assert.True(first.ExitCode == ExitCodes.Incomplete, first.ToString());
        Assert.Equal(5, first.OutputLines.Count(l => l.StartsWith("Sent ", StringComparison.Ordinal)));
        Assert.Equal(total - 5, first.OutputLines.Count(l => l.StartsWith("NotSent", StringComparison.Ordinal)));
        Assert.Equal(total - 5, resume.OutputLines.Count(l => l.StartsWith("Sent ", StringComparison.Ordinal)));
        Assert.Empty(third.OutputLines);
        Assert.Contains("nothing to do", third.Error);
        Assert.Equal(total, Directory.GetFiles(Outbox, "*.eml").Length);
    }

    [Fact]
    public void An_invalid_vendor_file_is_reported_row_by_row_and_nothing_is_sent()
    {
        var vendors = Path.Combine(_folder.Path, "vendors.csv");
        File.WriteAllText(vendors, "Company,Email,Category\nGood GmbH,sales@good.example,Cables\nBad GmbH,sales@@bad.example,Cables\n,nobody@noname.example,Cables\n");

        var run = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", vendors, "--store", Store, "--pickup", Outbox);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains($"{vendors}:3", run.Error);
        Assert.Contains("'Email'", run.Error);
        Assert.Contains($"{vendors}:4", run.Error);
        Assert.Contains("'Company'", run.Error);
        Assert.Contains("nothing was sent", run.Error);
        Assert.False(Directory.Exists(Outbox));
    }

    [Fact]
    public void Skip_invalid_sends_the_valid_vendors()
    {
        var vendors = Path.Combine(_folder.Path, "vendors.csv");
        File.WriteAllText(vendors, "Company,Email,Country\nGood GmbH,sales@good.example,DE\nBad GmbH,not-an-address,DE\n");

        var run = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", vendors, "--store", Store, "--pickup", Outbox, "--skip-invalid");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(Directory.GetFiles(Outbox, "*.eml"));
        Assert.Contains($"{vendors}:3", run.Error);
    }

    [Fact]
    public void A_template_field_a_vendor_lacks_stops_the_send_before_anything_goes_out()
    {
        var vendors = Path.Combine(_folder.Path, "vendors.csv");
        File.WriteAllText(vendors, "Company,Email\nNo Country GmbH,sales@nocountry.example\n");

        var run = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", vendors, "--store", Store, "--pickup", Outbox);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("Vendor.Country", run.Error);
        Assert.Contains("No Country GmbH", run.Error);
        Assert.False(Directory.Exists(Outbox));
    }

    [Fact]
    public void Deliveries_lists_the_state_of_every_vendor()
    {
        SendExamples("--max-messages", "3");

        var all = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--json");
        var queued = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--state", "Queued");
        var missing = CliRun.Invoke("deliveries", "RFQ-404", "--store", Store);

        Assert.True(all.ExitCode == 0, all.ToString());
        var states = all.OutputLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("state").GetString()).ToList();
        Assert.Equal(ExampleVendors().Count, states.Count);
        Assert.Equal(3, states.Count(s => s == "Sent"));
        Assert.Equal(ExampleVendors().Count - 3, queued.OutputLines.Count);
        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Contains("RFQ-404", missing.Error);
    }

    [Fact]
    public void Vendors_and_check_validate_without_sending()
    {
        var vendors = CliRun.Invoke("vendors", Repository.Example("vendors.csv"), "--category", "Cables");
        var check = CliRun.Invoke("check", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"));

        Assert.True(vendors.ExitCode == 0, vendors.ToString());
        Assert.Equal(ExampleVendors().Count(v => v.HasCategory("Cables")), vendors.OutputLines.Count);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("RFQ-2026-114", check.Output);
        Assert.Contains("all render", check.Output);
    }
}
