using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Sending;

public sealed class StreamingVendorSendTests : IDisposable
{
    private readonly SendFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static VendorRecord Row(int line, string name, string email, string? category = null) => new(
        "pipeline",
        line,
        new List<KeyValuePair<string, string?>>
        {
            new("Company", name),
            new("Email", email),
            new("Category", category),
        });

    private async Task<List<DeliveryResult>> Feed(StreamingVendorSend stream, IEnumerable<VendorRecord> rows)
    {
        var results = new List<DeliveryResult>();
        foreach (var row in rows)
        {
            var mapped = stream.Map(row);
            if (mapped.Vendor is null)
            {
                stream.Reject(mapped.Errors);
                continue;
            }

            stream.Add(mapped.Vendor);

            if (stream.BatchReady)
            {
                await stream.FlushAsync(false, results.Add, CancellationToken.None);
            }
        }

        await stream.FlushAsync(true, results.Add, CancellationToken.None);
        return results;
    }

    [Fact]
    public async Task Vendors_are_sent_in_batches_as_they_arrive()
    {
        var transport = new ScriptedTransport();
        var stream = new StreamingVendorSend(_fixture.Session(transport), batchSize: 2, skipInvalid: false);
        var batchesSeen = new List<int>();
        var rows = Enumerable.Range(1, 5).Select(i => Row(i, $"Vendor {i}", $"s{i}@v{i}.example"));
        var results = new List<DeliveryResult>();

        foreach (var row in rows)
        {
            stream.Add(stream.Map(row).Vendor!);
            if (stream.BatchReady)
            {
                await stream.FlushAsync(false, results.Add, CancellationToken.None);
                batchesSeen.Add(transport.Messages.Count);
            }
        }

        await stream.FlushAsync(true, results.Add, CancellationToken.None);

        Assert.Equal(new[] { 2, 4 }, batchesSeen);
        Assert.Equal(5, results.Count(r => r.Action == SendAction.Sent));
    }

    [Fact]
    public async Task Consecutive_rows_of_one_vendor_are_merged_even_across_a_batch_boundary()
    {
        var transport = new ScriptedTransport();
        var stream = new StreamingVendorSend(_fixture.Session(transport), batchSize: 1, skipInvalid: false);

        var results = await Feed(stream, new[]
        {
            Row(1, "Alpha", "a1@alpha.example"),
            Row(2, "Beta", "b1@beta.example"),
            Row(3, "Beta", "b2@beta.example"),
            Row(4, "Gamma", "g@gamma.example"),
        });

        Assert.Equal(3, results.Count);
        var beta = transport.Messages.Single(m => m.To[0].Address == "b1@beta.example");
        Assert.Equal(new[] { "b1@beta.example", "b2@beta.example" }, beta.To.Select(a => a.Address));
    }

    [Fact]
    public async Task An_invalid_row_halts_sending_but_every_later_invalid_row_is_still_reported()
    {
        var transport = new ScriptedTransport();
        var stream = new StreamingVendorSend(_fixture.Session(transport), batchSize: 2, skipInvalid: false);

        var results = await Feed(stream, new[]
        {
            Row(1, "Alpha", "a@alpha.example"),
            Row(2, "Beta", "b@beta.example"),
            Row(3, "Gamma", "g@gamma.example"),
            Row(4, "Broken", "not-an-address"),
            Row(5, "Delta", "d@delta.example"),
            Row(6, "", "nameless@x.example"),
        });

        Assert.True(stream.Halted);
        Assert.Equal(2, results.Count);
        Assert.Equal(2, transport.Messages.Count);
        Assert.Equal(2, stream.HeldBack);
        Assert.Equal(new int?[] { 4, 6 }, stream.Errors.Select(e => e.Line));
    }

    [Fact]
    public async Task Skip_invalid_reports_the_bad_rows_and_sends_the_good_ones()
    {
        var transport = new ScriptedTransport();
        var stream = new StreamingVendorSend(_fixture.Session(transport), batchSize: 2, skipInvalid: true);

        var results = await Feed(stream, new[]
        {
            Row(1, "Alpha", "a@alpha.example"),
            Row(2, "Broken", "nope"),
            Row(3, "Gamma", "g@gamma.example"),
        });

        Assert.False(stream.Halted);
        Assert.Equal(2, results.Count(r => r.Action == SendAction.Sent));
        Assert.Single(stream.Errors);
    }

    [Fact]
    public async Task The_category_filter_selects_vendors()
    {
        var transport = new ScriptedTransport();
        var stream = new StreamingVendorSend(_fixture.Session(transport), 10, false, new VendorReadOptions { Categories = new[] { "cables" } });

        await Feed(stream, new[]
        {
            Row(1, "Alpha", "a@alpha.example", "Cables; Tools"),
            Row(2, "Beta", "b@beta.example", "Tools"),
        });

        Assert.Equal("a@alpha.example", transport.Messages.Single().To[0].Address);
    }

    [Fact]
    public async Task The_category_filter_judges_the_merged_vendor_as_a_vendor_file_does()
    {
        var transport = new ScriptedTransport();
        var stream = new StreamingVendorSend(_fixture.Session(transport), 10, false, new VendorReadOptions { Categories = new[] { "cables" } });

        await Feed(stream, new[]
        {
            Row(1, "Alpha", "a@alpha.example", "Tools"),
            Row(2, "Alpha", "second@alpha.example", "Cables"),
            Row(3, "Beta", "b@beta.example", "Tools"),
        });

        var message = transport.Messages.Single();
        Assert.Equal(new[] { "a@alpha.example", "second@alpha.example" }, message.To.Select(a => a.Address));
    }

    [Fact]
    public async Task A_key_given_to_another_company_earlier_halts_the_send_even_after_that_company_was_sent()
    {
        var transport = new ScriptedTransport();
        var stream = new StreamingVendorSend(_fixture.Session(transport), batchSize: 1, skipInvalid: false);
        VendorRecord Keyed(int item, string key, string name, string email) => new(
            $"pipeline item {item}",
            null,
            new List<KeyValuePair<string, string?>> { new("VendorId", key), new("Company", name), new("Email", email) });

        await Feed(stream, new[]
        {
            Keyed(1, "V1", "Alpha GmbH", "sales@alpha.example"),
            Keyed(2, "V2", "Beta AG", "info@beta.example"),
            Keyed(3, "V3", "Gamma SE", "rfq@gamma.example"),
            Keyed(4, "V1", "Totally Different Corp", "ceo@different.example"),
            Keyed(5, "V4", "Delta KG", "d@delta.example"),
        });

        Assert.True(stream.Halted);
        var error = Assert.Single(stream.Errors);
        Assert.Equal(("pipeline item 4", "VendorId", "Totally Different Corp"), (error.Source, error.Field, error.Vendor));
        Assert.StartsWith("the key 'V1' is already the key of 'Alpha GmbH' in pipeline item 1; this row names 'Totally Different Corp'", error.Message);
        Assert.Contains(transport.Messages, m => m.To[0].Address == "sales@alpha.example");
        Assert.DoesNotContain(transport.Messages, m => m.To.Concat(m.Cc).Any(a => a.Address is "ceo@different.example" or "d@delta.example"));
    }

    [Fact]
    public void Vendor_objects_are_checked_for_a_key_given_to_another_company_too()
    {
        var stream = new StreamingVendorSend(_fixture.Session(new ScriptedTransport()), batchSize: 10, skipInvalid: false);
        var alpha = TestVendors.Create("V1", "Alpha GmbH", "sales@alpha.example");
        var sameCompany = TestVendors.Create("v1", " ALPHA  GMBH", "buyer@alpha.example");
        var other = TestVendors.Create("V1", "Beta AG", "info@beta.example");

        var first = stream.Check(alpha);
        var again = stream.Check(sameCompany);
        var conflict = stream.Check(other);

        Assert.Same(alpha, first.Vendor);
        Assert.Same(sameCompany, again.Vendor);
        Assert.Null(conflict.Vendor);
        Assert.StartsWith("the key 'V1' is already the key of 'Alpha GmbH' in input; this row names 'Beta AG'", Assert.Single(conflict.Errors).Message);
    }
}
