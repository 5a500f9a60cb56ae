using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Tracking;

namespace RfqSender.Cli;

/// <summary><c>rfq deliveries set</c>: the CLI face of Set-RfqDelivery.</summary>
internal static class DeliveriesSetCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var number = new Argument<string>("rfq-number") { Description = "The RFQ number (campaign key)." };
        var vendors = new Argument<string[]>("vendor-key") { Description = "The vendors to change, by key.", Arity = ArgumentArity.OneOrMore };
        var state = new Option<DeliveryState>("--state", "-s")
        {
            Description = "The new state: " + string.Join(", ", DeliveryTransitionRules.SettableStates) + ".",
            Required = true,
        };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded with the change beside who made it and when.", HelpName = "text" };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var json = CommonOptions.Json();
        var whatIf = new Option<bool>("--what-if") { Description = "Show what would change; change nothing." };
        var command = new Command("set", "Change the state of vendors' deliveries by hand: Skipped (exclude), Queued (send again), Sent (an InDoubt message arrived), Responded (the vendor answered).")
        {
            number, vendors, state, reason, store, storeConnection, json, whatIf,
        };
        command.SetAction(parse =>
        {
            var to = parse.GetValue(state);
            var because = parse.GetValue(reason);
            if (DeliveryTransitionRules.WhyNotSettable(to) is string notSettable)
            {
                error.WriteLine("rfq: --state: " + notSettable);
                return ExitCodes.InvalidInput;
            }

            if (DeliveryCorrector.CheckReason(because) is string badReason)
            {
                error.WriteLine($"rfq: --reason cannot be recorded: {badReason}.");
                return ExitCodes.InvalidInput;
            }

            try
            {
                using var runtime = CommonOptions.OpenExistingStore(parse.GetValue(store), parse.GetValue(storeConnection), error);
                if (runtime is null)
                {
                    return ExitCodes.InvalidInput;
                }

                var deliveryStore = runtime.OpenExistingStore();

                var rfqNumber = parse.GetValue(number)!;
                if (deliveryStore.GetCampaignsAsync(rfqNumber, CancellationToken.None).GetAwaiter().GetResult().Count == 0)
                {
                    CommonOptions.WriteCampaignNotFound(error, rfqNumber, deliveryStore);
                    return ExitCodes.InvalidInput;
                }

                var corrector = new DeliveryCorrector(deliveryStore, DeliveryCorrector.CurrentUser);
                var refused = 0;
                foreach (var key in parse.GetValue(vendors)!)
                {
                    try
                    {
                        var plan = corrector.PlanAsync(rfqNumber, key, to, because, CancellationToken.None).GetAwaiter().GetResult();
                        var from = plan.Current.State;
                        var action = plan.IsUnchanged ? "Unchanged" : parse.GetValue(whatIf) ? "WouldChange" : "Changed";
                        var record = action == "Changed" ? corrector.ApplyAsync(plan, CancellationToken.None).GetAwaiter().GetResult() : plan.Current;
                        if (parse.GetValue(json))
                        {
                            JsonLines.Write(output, new { action, from, record.RfqNumber, record.VendorKey, record.VendorName, record.State, record.LastChange });
                        }
                        else
                        {
                            output.WriteLine(action switch
                            {
                                "Unchanged" => $"{record.State,-9} {record.VendorKey} {record.VendorName}: {to} already, unchanged",
                                "WouldChange" => $"what if: {record.VendorKey} {record.VendorName} would be set from {from} to {to}",
                                _ => $"{record.State,-9} {record.VendorKey} {record.VendorName}: {record.LastChange}",
                            });
                        }
                    }
                    catch (DeliveryCorrectionException ex)
                    {
                        refused++;
                        error.WriteLine("rfq: " + ex.Message);
                    }
                }

                if (refused > 0)
                {
                    error.WriteLine($"rfq: {refused} of {parse.GetValue(vendors)!.Length} vendor(s) not changed.");
                    return ExitCodes.DeliveriesFailed;
                }

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
