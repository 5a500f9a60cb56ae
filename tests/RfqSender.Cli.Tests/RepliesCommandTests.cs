using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// <c>rfq replies</c>: the corpus campaign (RFQ-2026-114 from purchasing@contoso.com to the corpus's
/// vendors, so the corpus replies name its Message-IDs) sent to a pickup folder, its replies read from
/// a folder, listed, an unmatched one assigned, and a second read that changes nothing.
/// </summary>
public sealed class RepliesCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Store => _folder.Combine("rfq.db");

    private string SendCorpusCampaign() => CorpusCampaignRun.Send(_folder, Store);

    [Fact]
    public void Replies_are_read_listed_and_assigned_and_a_second_read_changes_nothing()
    {
        var mailbox = SendCorpusCampaign();
        var count = Directory.GetFiles(mailbox, "*.eml").Length;

        var first = CliRun.Invoke("replies", "receive", mailbox, "--store", Store, "--json");
        var deliveries = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--json");
        var unmatched = CliRun.Invoke("replies", "list", "--unmatched", "--store", Store, "--json");
        var quote = CliRun.Invoke("replies", "list", "--rfq", "RFQ-2026-114", "--vendor", "V-TAIL", "--kind", "Reply", "--store", Store);

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Equal(count, first.OutputLines.Count);
        var states = deliveries.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("vendorKey").GetString()!, r => r.GetProperty("state").GetString());
        Assert.Equal(("Responded", "Failed", "Sent"), (states["V-NW"], states["V-BLUE"], states["V-TREY"]));
        var privateReply = unmatched.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).Single(r => r.GetProperty("sourceId").GetString() == "12-private-gmail-no-token.eml");
        Assert.Contains(quote.OutputLines, l => l.Contains("RFQ-2026-114 V-TAIL (MessageId) [Sent -> Responded], 1 file(s)", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(Path.Combine(_folder.Path, "quotes", "RFQ-2026-114", "V-TAIL"), "Quotation-TT-2026-0412.pdf", SearchOption.AllDirectories));

        var id = privateReply.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var assign = CliRun.Invoke("replies", "assign", id, "RFQ-2026-114", "V-VAN", "--reason", "the owner's private address", "--store", Store);
        var again = CliRun.Invoke("replies", "assign", id, "RFQ-2026-114", "V-VAN", "--store", Store);
        var second = CliRun.Invoke("replies", "receive", mailbox, "--store", Store);
        var summary = CliRun.Invoke("deliveries", "RFQ-2026-114", "--summary", "--store", Store, "--json");

        Assert.True(assign.ExitCode == ExitCodes.Success, assign.ToString());
        Assert.Contains("RFQ-2026-114 V-VAN (Assigned) [Sent -> Responded]", assign.Output);
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Contains("matched to V-VAN", again.Error);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Contains(": 0 read, 0 recorded", second.Output);
        var all = JsonDocument.Parse(summary.OutputLines.First()).RootElement;
        Assert.Equal((4, 4), (all.GetProperty("bounced").GetInt32(), all.GetProperty("failed").GetInt32()));
    }

    [Fact]
    public void With_no_source_given_the_settings_replies_section_is_read_and_a_folder_given_overrides_it()
    {
        var mailbox = SendCorpusCampaign();
        var count = Directory.GetFiles(mailbox, "*.eml").Length;
        var settings = _folder.Write("rfqsender.yaml", "store: rfq.db\nreplies:\n  folder: replies\n");
        var empty = _folder.Combine("empty");
        Directory.CreateDirectory(empty);

        var configured = CliRun.Invoke("replies", "receive", "--settings", settings, "--json");
        var overridden = CliRun.Invoke("replies", "receive", empty, "--settings", settings);
        var again = CliRun.Invoke("replies", "receive", "--settings", settings);

        Assert.True(configured.ExitCode == ExitCodes.Success, configured.ToString());
        Assert.Equal(count, configured.OutputLines.Count);
        Assert.All(configured.OutputLines, l => Assert.Contains(mailbox.Replace("\\", "\\\\"), l));
        Assert.True(overridden.ExitCode == ExitCodes.Success, overridden.ToString());
        Assert.Contains(empty, overridden.Output);
        Assert.Contains(": 0 read, 0 recorded", overridden.Output);
        Assert.Contains(": 0 read, 0 recorded", again.Output);

        var none = CliRun.Invoke("replies", "receive", "--settings", _folder.Write("bare.yaml", "store: rfq.db\n"));
        Assert.Equal(ExitCodes.InvalidInput, none.ExitCode);
        Assert.Contains("No reply source", none.Error);
    }

    [Fact]
    public void A_source_is_required_and_only_one_and_bad_input_exits_2()
    {
        var none = CliRun.Invoke("replies", "receive", "--store", Store);
        var both = CliRun.Invoke("replies", "receive", _folder.Path, "--imap-server", "imap.example", "--store", Store);
        var noPassword = CliRun.Invoke("replies", "receive", "--imap-server", "imap.example", "--imap-user", "me", "--imap-password-variable", "RFQSENDER_TEST_NO_SUCH_VARIABLE", "--store", Store);
        var missingFolder = CliRun.Invoke("replies", "receive", _folder.Combine("nowhere"), "--store", Store);
        var noStore = CliRun.Invoke("replies", "list", "--store", _folder.Combine("none.db"));
        var contradiction = CliRun.Invoke("replies", "list", "--unmatched", "--rfq", "RFQ-1", "--store", Store);

        Assert.All(new[] { none, both, noPassword, missingFolder, noStore, contradiction }, r => Assert.Equal(ExitCodes.InvalidInput, r.ExitCode));
        Assert.Contains("RFQSENDER_TEST_NO_SUCH_VARIABLE", noPassword.Error);
        Assert.Contains("does not exist", missingFolder.Error);
        Assert.Contains("no store", noStore.Error);
        Assert.False(File.Exists(_folder.Combine("none.db")));
    }

    [Fact]
    public void Graph_needs_a_mailbox_and_a_complete_sign_in_and_is_one_source_among_the_others()
    {
        var noMailbox = CliRun.Invoke("replies", "receive", "--graph", "--store", Store);
        var withFolder = CliRun.Invoke("replies", "receive", _folder.Path, "--graph", "--mailbox", "rfq-replies@contoso.example", "--store", Store);
        var noCredential = CliRun.Invoke("replies", "receive", "--graph", "--mailbox", "rfq-replies@contoso.example", "--tenant-id", "contoso.example", "--client-id", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "--store", Store);

        Assert.Equal(ExitCodes.InvalidInput, noMailbox.ExitCode);
        Assert.Contains("--mailbox", noMailbox.Error);
        Assert.Equal(ExitCodes.InvalidInput, withFolder.ExitCode);
        Assert.Contains("name one thing to read", withFolder.Error);
        Assert.NotEqual(ExitCodes.Success, noCredential.ExitCode);
        Assert.Contains("RFQSENDER_GRAPH_CLIENT_SECRET", noCredential.Error + noCredential.Output);
    }
}
