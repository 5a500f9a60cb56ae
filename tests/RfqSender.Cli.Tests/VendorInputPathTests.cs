using System.Text.Json;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Vendors;

namespace RfqSender.Cli.Tests;

/// <summary>
/// One vendor file gives the same vendors (merged across rows) and the same category subset on every
/// path: <c>rfq vendors</c>, <c>rfq send --vendors</c>, and the engine's whole-file read that
/// Get-RfqMessage, <c>rfq check</c> and <c>rfq preview</c> use (Get-RfqVendor's file and pipeline
/// paths are compared in RfqSender.Tests.ps1).
/// </summary>
public sealed class VendorInputPathTests : IDisposable
{
    // V1's second row, three lines later, brings another address and the only 'Cables' of V1.
    private const string Csv =
        "Id,Company,Contact,Email,Category,Country\n"
        + "V1,Alpha GmbH,Anna,a@alpha.example,Tools,DE\n"
        + "V2,Beta AG,Ben,b@beta.example,Cables,AT\n"
        + "V3,Gamma KG,Gina,g@gamma.example,Tools,CH\n"
        + "v1,ALPHA  GmbH,,a2@alpha.example,Cables,\n"
        + "V4,Delta SE,Dora,d@delta.example,\"cables; tools\",FR\n";

    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(null, new[] { "V1", "V2", "V3", "V4" })]
    [InlineData("cables", new[] { "V1", "V2", "V4" })]
    [InlineData("TOOLS", new[] { "V1", "V3", "V4" })]
    public void Every_path_reads_the_same_vendors_and_the_same_category_subset(string? category, string[] expected)
    {
        var path = _folder.Write("vendors.csv", Csv);
        var filter = category is null ? Array.Empty<string>() : new[] { "--category", category };

        var listed = CliRun.Invoke(new[] { "vendors", path, "--json" }.Concat(filter).ToArray());
        var store = _folder.Combine("rfqsender.db");
        var sent = CliRun.Invoke(new[] { "send", Repository.Example("rfq.yaml"), "--vendors", path, "--store", store, "--pickup", _folder.Combine("outbox") }.Concat(filter).ToArray());
        var deliveries = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", store, "--json");
        var whole = VendorFileReader.Read(path, new VendorReadOptions { Categories = category is null ? null : new[] { category } }).ThrowIfInvalid();

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.True(sent.ExitCode == 0, sent.ToString());
        var vendors = listed.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(expected, vendors.Select(v => v.GetProperty("key").GetString()));
        Assert.Equal(expected, whole.Vendors.Select(v => v.Key));
        Assert.Equal(expected, deliveries.OutputLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("vendorKey").GetString()).OrderBy(k => k, StringComparer.Ordinal));
        var alpha = vendors.Single(v => v.GetProperty("key").GetString() == "V1");
        Assert.Equal(new[] { "Anna <a@alpha.example>", "a2@alpha.example" }, alpha.GetProperty("to").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(whole.Vendors.Single(v => v.Key == "V1").To.Select(c => c.Mailbox.ToString()), alpha.GetProperty("to").EnumerateArray().Select(a => a.GetString()));
        var alphaMessage = Directory.GetFiles(_folder.Combine("outbox"), "*.eml").Select(File.ReadAllText).Single(m => m.Contains("a2@alpha.example", StringComparison.Ordinal));
        Assert.Contains("a@alpha.example", alphaMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_row_is_reported_alike_by_rfq_vendors_and_rfq_send()
    {
        var path = _folder.Write("vendors.csv", Csv + "V5,Epsilon,,not-an-address,Tools,IT\n");

        var listed = CliRun.Invoke("vendors", path);
        var sent = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", path, "--store", _folder.Combine("rfqsender.db"), "--pickup", _folder.Combine("outbox"));

        Assert.Equal(ExitCodes.InvalidInput, listed.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, sent.ExitCode);
        var error = VendorFileReader.Read(path).Errors.Single().ToString();
        Assert.Contains(":7", error, StringComparison.Ordinal);
        Assert.Contains(error, listed.Error, StringComparison.Ordinal);
        Assert.Contains(error, sent.Error, StringComparison.Ordinal);
        Assert.Empty(listed.Output);
    }
}
