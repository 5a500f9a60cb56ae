using System.Text;
using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// The reply corpus's campaign through rfq: RFQ-2026-114 from purchasing@contoso.com to the corpus's vendors (so
/// the corpus replies name its Message-IDs) sent to a pickup folder, and the corpus copied to a folder to read.
/// </summary>
internal static class CorpusCampaignRun
{
    public static string Corpus => Path.Combine(Repository.Root, "tests", "RfqSender.Engine.Tests", "Responses", "Corpus");

    /// <summary>Sends the campaign into <paramref name="store"/>; returns the folder holding a copy of the corpus.</summary>
    public static string Send(TestFolder folder, string store)
    {
        using var oracle = JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus, "cases.json")));
        var csv = new StringBuilder("Key,Name,Email,Cc\n");
        foreach (var d in oracle.RootElement.GetProperty("deliveries").EnumerateArray())
        {
            csv.Append(d.GetProperty("vendorKey").GetString()).Append(",\"").Append(d.GetProperty("vendorName").GetString()).Append("\",")
               .Append(d.GetProperty("to")[0].GetString()).Append(',')
               .Append(string.Join(";", d.GetProperty("cc").EnumerateArray().Select(c => c.GetString()))).Append('\n');
        }

        var vendors = folder.Write("vendors.csv", csv.ToString());
        var rfq = folder.Write("rfq.yaml", """
            number: RFQ-2026-114
            title: Copper cable
            dueDate: 2026-12-15T17:00:00+01:00
            from: "Purchasing <purchasing@contoso.com>"
            replyTo: rfq-replies@contoso.com
            subject: "RFQ {{Rfq.Number}}"
            body: "Dear {{Vendor.Name}}, please quote."
            """);
        var send = CliRun.Invoke("send", rfq, "--vendors", vendors, "--store", store, "--pickup", folder.Combine("outbox"));
        Assert.True(send.ExitCode == ExitCodes.Success, send.ToString());
        var mailbox = folder.Combine("replies");
        Directory.CreateDirectory(mailbox);
        foreach (var file in Directory.GetFiles(Corpus, "*.eml"))
        {
            File.Copy(file, Path.Combine(mailbox, Path.GetFileName(file)));
        }

        return mailbox;
    }
}
