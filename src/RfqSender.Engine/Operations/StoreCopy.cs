using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Operations;

/// <summary>
/// Moves campaigns from one store to another (a SQLite file to a shared PostgreSQL database, or
/// back): every delivery with its state, attempts, claim, Message-ID, times and changes by hand.
/// Idempotent: deliveries the target already holds are left as they are, so a copy run twice, or
/// run again after it stopped, changes nothing more. A campaign being sent now (live claims in the
/// source) is refused. While a campaign's deliveries are arriving, the target marks its vendor
/// list as incomplete, so a copy that stopped half-way never looks whole.
/// </summary>
internal static class StoreCopy
{
    private const int PageSize = 1000;

    public static async Task<StoreCopyResult> CopyAsync(IDeliveryStore source, IDeliveryStore target, string rfqNumber, CancellationToken cancellationToken)
    {
        var campaign = await source.ExportCampaignAsync(rfqNumber, cancellationToken).ConfigureAwait(false)
            ?? throw new CampaignNotFoundException(rfqNumber, source.Description);
        var now = source.Clock.GetUtcNow();
        var live = (await source.GetDeliveriesAsync(new DeliveryQuery(rfqNumber) { States = new[] { DeliveryState.Sending } }, cancellationToken).ConfigureAwait(false))
            .Where(d => d.LeaseExpiresAt > now)
            .ToList();
        if (live.Count > 0)
        {
            throw new RfqSenderException(
                FailureKind.InvalidInput,
                $"The campaign '{rfqNumber}' is being sent from '{source.Description}' now ({live.Count} deliveries claimed until {live.Max(d => d.LeaseExpiresAt):u}): copy it when that send has finished.");
        }

        var result = new StoreCopyResult { RfqNumber = rfqNumber, Source = source.Description, Target = target.Description };
        var note = $"being copied from {source.Description}";
        var after = 0L;
        var first = true;
        while (true)
        {
            var page = await source.ExportDeliveriesAsync(rfqNumber, after, PageSize, cancellationToken).ConfigureAwait(false);
            if (first || page.Count > 0)
            {
                var imported = await target.ImportAsync(campaign, page, cancellationToken).ConfigureAwait(false);
                result.CampaignAdded |= first && imported.CampaignAdded;
                result.Copied += imported.Added;
                result.AlreadyPresent += imported.AlreadyPresent;
                if (first && page.Count == PageSize)
                {
                    await target.SetInputOpenAsync(rfqNumber, note, cancellationToken).ConfigureAwait(false);
                }

                first = false;
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[page.Count - 1].Record.Id;
        }

        // Whole now: the target's vendor list is as complete as the source's.
        await target.SetInputOpenAsync(rfqNumber, campaign.InputNote, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
