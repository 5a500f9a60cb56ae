using System.Diagnostics;
using System.Globalization;
using System.Security;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Vendors;

namespace RfqSender.Benchmarks;

/// <summary>
/// The status page's reads (issue 16): one campaign of <c>--vendors</c> (default 100,000) registered in a fresh
/// SQLite file, and in a PostgreSQL schema when <c>--store-connection</c> names one (its password from
/// RFQSENDER_STORE_PASSWORD; the schema must be empty), 500 of them sent; then each kind of page
/// (<see cref="IDeliveryReader.GetDeliveryPageAsync"/>) read once to warm up and five times timed, beside one
/// full <see cref="IDeliveryReader.GetDeliveriesAsync"/> for comparison.
/// Usage: dotnet run -c Release --project tests/RfqSender.Benchmarks -- pages [--vendors n] [--store-connection "Host=...;Search Path=..."]
/// </summary>
public static class PagesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = Arg(args, "--vendors") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 100_000;
        var folder = Path.Combine(Path.GetTempPath(), "rfqsender-pages-" + Guid.NewGuid().ToString("N"));
        try
        {
            await MeasureAsync("SQLite", StoreSettings.Sqlite(Path.Combine(folder, "rfq.db")), count);
            if (Arg(args, "--store-connection") is { } connection)
            {
                var password = Environment.GetEnvironmentVariable("RFQSENDER_STORE_PASSWORD");
                await MeasureAsync("PostgreSQL", StoreSettings.PostgreSql(connection, password: password is null ? null : Secure(password)), count);
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    private static async Task MeasureAsync(string label, StoreSettings settings, int count)
    {
        using var store = DeliveryStoreFactory.Open(settings, create: true);
        var rfq = new Rfq("RFQ-PAGES", "Pages", DateTimeOffset.UtcNow.AddMonths(2), MailboxAddress.Parse("buy@contoso.example"), null, "s", "b", null, Array.Empty<LineItem>(), Array.Empty<RfqAttachment>());
        await store.RegisterCampaignAsync(rfq, CancellationToken.None);
        var registering = Stopwatch.StartNew();
        for (var start = 0; start < count; start += 2000)
        {
            var batch = Enumerable.Range(start, Math.Min(2000, count - start))
                .Select(i => new Vendor(
                    $"k{i:D6}",
                    $"Vendor {i} Ltd",
                    new[] { new VendorContact(MailboxAddress.Parse($"sales{i}@v{i}.example"), ContactRole.To) },
                    new[] { i % 3 == 0 ? "Cable" : "Fasteners" },
                    new Dictionary<string, string>()))
                .ToList();
            await store.RegisterVendorsAsync(rfq.Number, batch, v => "id." + v.Key, CancellationToken.None);
        }

        var claimed = await store.ClaimAsync(new ClaimRequest(rfq.Number, "bench", 500, TimeSpan.FromMinutes(5), store.Clock.GetUtcNow()), CancellationToken.None);
        foreach (var c in claimed)
        {
            await store.CompleteAsync(new DeliveryCompletion(c.Record.Id, "bench", DeliveryState.Sent, "ok", store.Clock.GetUtcNow()), CancellationToken.None);
        }

        Console.WriteLine($"{label}: {count:N0} vendors registered in {registering.Elapsed.TotalSeconds:F1} s, {claimed.Count} sent");
        async Task Time(string name, Action<DeliveryPageQuery> set)
        {
            var query = new DeliveryPageQuery(rfq.Number);
            set(query);
            await store.GetDeliveryPageAsync(query, CancellationToken.None);
            var timer = Stopwatch.StartNew();
            DeliveryPage page = null!;
            for (var i = 0; i < 5; i++)
            {
                page = await store.GetDeliveryPageAsync(query, CancellationToken.None);
            }

            Console.WriteLine($"  {name,-34} total {page.Total,7:N0}  rows {page.Records.Count,3}  {timer.Elapsed.TotalMilliseconds / 5,7:F1} ms");
        }

        await Time("first page (50)", _ => { });
        await Time("last page (offset n - 50)", q => q.Offset = count - 50);
        await Time("500 rows at offset n/2", q => { q.Offset = count / 2; q.Limit = 500; });
        await Time("state Sent", q => q.States = new[] { DeliveryState.Sent });
        await Time("state Queued at offset n/2", q => { q.States = new[] { DeliveryState.Queued }; q.Offset = count / 2; });
        await Time("category 'cable'", q => q.Category = "cable");
        await Time("search one address 'v4242.'", q => q.Search = "v4242.");
        await Time("search 'vendor 9' (many)", q => q.Search = "vendor 9");
        var full = Stopwatch.StartNew();
        var all = await store.GetDeliveriesAsync(new DeliveryQuery(rfq.Number), CancellationToken.None);
        Console.WriteLine($"  for comparison, every delivery ({all.Count:N0}) read at once: {full.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static string? Arg(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
