using System.Collections.Concurrent;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Reporting;

namespace RfqSender.Web.Endpoints;

/// <summary>
/// The campaign overview (the report's figures and charts, which read every delivery) kept for a few seconds, so
/// a page opened by many people, or reloaded, over a 100,000-vendor campaign reads the store once; the live counts
/// and the vendor table are read on every request. One reader at a time per campaign builds it.
/// </summary>
public sealed class OverviewCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeSpan _lifetime;

    /// <summary>A cache whose entries last <paramref name="lifetime"/>.</summary>
    public OverviewCache(TimeSpan lifetime) => _lifetime = lifetime;

    /// <summary>The overview of a campaign, from the cache when it is fresh, else read through <paramref name="runtime"/>.</summary>
    public async Task<CampaignReport> GetAsync(RfqRuntime runtime, string rfqNumber, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(rfqNumber, _ => new Entry());
        if (entry.Report is { } fresh && DateTimeOffset.UtcNow - entry.ReadAt < _lifetime)
        {
            return fresh;
        }

        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Report is { } other && DateTimeOffset.UtcNow - entry.ReadAt < _lifetime)
            {
                return other;
            }

            var report = await runtime.GetReportAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
            entry.Report = report;
            entry.ReadAt = DateTimeOffset.UtcNow;
            return report;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Forgets a campaign's overview (after an action changed it).</summary>
    public void Forget(string rfqNumber)
    {
        if (_entries.TryGetValue(rfqNumber, out var entry))
        {
            entry.Report = null;
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CampaignReport? Report { get; set; }

        public DateTimeOffset ReadAt { get; set; }
    }
}
