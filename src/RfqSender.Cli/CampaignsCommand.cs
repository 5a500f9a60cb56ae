using System.CommandLine;
using System.Globalization;
using RfqSender.Engine;
using RfqSender.Engine.Tracking;

namespace RfqSender.Cli;

/// <summary><c>rfq campaigns</c>: the CLI face of Get-RfqCampaign.</summary>
internal static class CampaignsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var numbers = new Argument<string[]>("rfq-number") { Description = "Only these campaigns (default: every campaign of the store).", Arity = ArgumentArity.ZeroOrMore };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var json = CommonOptions.Json();
        var command = new Command("campaigns", "List the campaigns of a store: number, title, due date, counts by state, last activity.") { numbers, store, storeConnection, json };
        command.SetAction(parse =>
        {
            try
            {
                using var runtime = CommonOptions.OpenExistingStore(parse.GetValue(store), parse.GetValue(storeConnection), error);
                if (runtime is null)
                {
                    return ExitCodes.InvalidInput;
                }

                var deliveryStore = runtime.OpenExistingStore();

                var campaigns = deliveryStore.GetCampaignsAsync(null, CancellationToken.None).GetAwaiter().GetResult();
                var wanted = parse.GetValue(numbers) is { Length: > 0 } named ? named : null;
                var exitCode = ExitCodes.Success;
                foreach (var number in wanted ?? Array.Empty<string>())
                {
                    if (!campaigns.Any(c => c.RfqNumber == number))
                    {
                        CommonOptions.WriteCampaignNotFound(error, number, deliveryStore);
                        exitCode = ExitCodes.InvalidInput;
                    }
                }

                foreach (var campaign in campaigns.Where(c => wanted is null || wanted.Contains(c.RfqNumber)))
                {
                    if (parse.GetValue(json))
                    {
                        JsonLines.Write(output, campaign);
                    }
                    else
                    {
                        output.WriteLine(Describe(campaign));
                    }
                }

                if (campaigns.Count == 0)
                {
                    error.WriteLine($"rfq: the store '{deliveryStore.Description}' holds no campaign yet.");
                }

                return exitCode;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }

    private static string Describe(CampaignRecord campaign)
    {
        var counts = campaign.Counts.Where(c => c.Value > 0).OrderBy(c => c.Key)
            .Select(c => $"{c.Value.ToString(CultureInfo.InvariantCulture)} {c.Key.ToString().ToLowerInvariant()}");
        return string.Format(
            CultureInfo.InvariantCulture,
            "{0}  {1}  due {2:yyyy-MM-dd HH:mm zzz}  {3} vendors: {4}  last activity {5:u}{6}",
            campaign.RfqNumber,
            campaign.Title,
            campaign.DueDate,
            campaign.Total,
            campaign.Total == 0 ? "none yet" : string.Join(", ", counts),
            campaign.LastActivity.ToUniversalTime(),
            campaign.Pause is { } pause
                ? $"  PAUSED by {pause.PausedBy} at {pause.PausedAt.ToUniversalTime():u}{(pause.Reason is null ? string.Empty : " (" + pause.Reason + ")")}"
                : string.Empty);
    }
}
