using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Tracking;

namespace RfqSender.Cli;

/// <summary><c>rfq deliveries</c>: the CLI face of Get-RfqDelivery.</summary>
internal static class DeliveriesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var number = new Argument<string?>("rfq-number") { Description = "The RFQ number (campaign key); without it, the campaigns of the store are named.", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<DeliveryState[]>("--state", "-s") { Description = "Only deliveries in this state (repeatable): " + string.Join(", ", Enum.GetNames(typeof(DeliveryState))) + "." };
        var category = CommonOptions.Category();
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var json = CommonOptions.Json();
        var summary = new Option<bool>("--summary") { Description = "Counts by state, for the campaign and per vendor category." };
        var history = new Option<bool>("--history") { Description = "The changes made by hand (rfq deliveries set) to the campaign's deliveries, oldest first: who, when, why." };
        var attempts = new Option<bool>("--attempts") { Description = "With --history: also every recorded send attempt (server's reply, sender) and reminder attempt, in time order (JSON lines carry a \"kind\": change, attempt or reminder). Attempts made before the store kept them are not listed." };
        var command = new Command("deliveries", "Show the delivery state of each vendor of an RFQ.") { number, state, category, store, storeConnection, json, summary, history, attempts, DeliveriesSetCommand.Create(output, error) };
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

                if (parse.GetValue(number) is not { Length: > 0 } rfqNumber)
                {
                    var held = deliveryStore.GetCampaignsAsync(null, CancellationToken.None).GetAwaiter().GetResult();
                    error.WriteLine(held.Count == 0
                        ? $"rfq: name the campaign: rfq deliveries <rfq-number>. The store '{deliveryStore.Description}' holds no campaign yet."
                        : $"rfq: name the campaign: rfq deliveries <rfq-number>. The store '{deliveryStore.Description}' holds: {string.Join(", ", held.Select(c => c.RfqNumber))} (rfq campaigns lists them with their counts).");
                    return ExitCodes.InvalidInput;
                }

                var campaigns = deliveryStore.GetCampaignsAsync(rfqNumber, CancellationToken.None).GetAwaiter().GetResult();
                if (campaigns.Count == 0)
                {
                    CommonOptions.WriteCampaignNotFound(error, rfqNumber, deliveryStore);
                    return ExitCodes.InvalidInput;
                }

                if (parse.GetValue(history) && parse.GetValue(attempts))
                {
                    HistoryWithAttempts.Write(output, runtime, rfqNumber, parse.GetValue(json));
                    return ExitCodes.Success;
                }

                if (parse.GetValue(history))
                {
                    foreach (var change in deliveryStore.GetChangesAsync(rfqNumber, null, CancellationToken.None).GetAwaiter().GetResult())
                    {
                        if (parse.GetValue(json))
                        {
                            JsonLines.Write(output, change);
                        }
                        else
                        {
                            output.WriteLine($"{change.VendorKey} {change.VendorName}: {change}");
                        }
                    }

                    return ExitCodes.Success;
                }

                if (parse.GetValue(summary))
                {
                    if (campaigns[0].InputIncomplete is string incomplete)
                    {
                        error.WriteLine($"rfq: warning: the vendor input of {rfqNumber} is incomplete: {incomplete}");
                    }

                    foreach (var row in runtime.GetSummaryAsync(rfqNumber, CancellationToken.None).GetAwaiter().GetResult())
                    {
                        if (parse.GetValue(json))
                        {
                            JsonLines.Write(output, row);
                        }
                        else
                        {
                            output.WriteLine($"{row.Category,-20} total {row.Total,6}  sent {row.Sent,6}  queued {row.Queued,6}  deferred {row.Deferred,5}  failed {row.Failed,5}  in doubt {row.InDoubt,4}  sending {row.Sending,4}  responded {row.Responded,5}  bounced {row.Bounced,4}  away {row.Away,4}");
                        }
                    }

                    return ExitCodes.Success;
                }

                var states = parse.GetValue(state);
                var query = new DeliveryQuery(rfqNumber) { States = states is { Length: > 0 } ? states : null, Categories = parse.GetValue(category) is { Length: > 0 } categories ? categories : null };
                var records = deliveryStore.GetDeliveriesAsync(query, CancellationToken.None).GetAwaiter().GetResult();
                foreach (var record in records)
                {
                    if (parse.GetValue(json))
                    {
                        JsonLines.Write(output, record);
                    }
                    else
                    {
                        output.WriteLine($"{record.State,-9} {record.VendorName}  <{string.Join("; ", record.To)}>  attempts {record.Attempts}{(record.Detail is null ? string.Empty : "  " + record.Detail)}{(record.LastChange is null ? string.Empty : "  changed: " + record.LastChange)}");
                    }
                }

                var counts = campaigns[0].Counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}");
                error.WriteLine($"{rfqNumber}: {string.Join(", ", counts)}.");
                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }
}
