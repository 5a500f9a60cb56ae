using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;

namespace RfqSender.Cli;

/// <summary>
/// <c>rfq pause</c> and <c>rfq unpause</c>: the CLI faces of Suspend-RfqCampaign and Resume-RfqCampaign. A
/// paused campaign is claimed by no sender (a run under way stops within one batch) until it is unpaused;
/// unpausing sends nothing by itself: <c>rfq resume</c> does.
/// </summary>
internal static class PauseCommand
{
    /// <summary>The source the CLI's operator actions are audited as.</summary>
    public const string AuditSource = "cli";

    public static Command CreatePause(TextWriter output, TextWriter error) => Create(output, error, pause: true);

    public static Command CreateUnpause(TextWriter output, TextWriter error) => Create(output, error, pause: false);

    /// <summary>The line a paused run ends with: who paused it, when, why, and how to lift it.</summary>
    public static void WritePaused(TextWriter error, CampaignPause pause) =>
        error.WriteLine($"rfq: {pause.Describe()}; then 'rfq resume {pause.RfqNumber}' sends the rest.");

    private static Command Create(TextWriter output, TextWriter error, bool pause)
    {
        var number = new Argument<string>("rfq-number") { Description = "The RFQ number (campaign key)." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded with the pause beside who paused it and when.", HelpName = "text" };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var json = CommonOptions.Json();
        var command = pause
            ? new Command("pause", "Pause a campaign: no sender claims its deliveries (a send under way stops after its current batch) until it is unpaused.") { number, reason, store, storeConnection, json }
            : new Command("unpause", "Lift a campaign's pause; nothing is sent until the next rfq send, resume or remind.") { number, store, storeConnection, json };
        command.SetAction(parse =>
        {
            try
            {
                using var runtime = CommonOptions.OpenExistingStore(parse.GetValue(store), parse.GetValue(storeConnection), error);
                if (runtime is null)
                {
                    return ExitCodes.InvalidInput;
                }

                runtime.AuditSource = AuditSource;
                var rfqNumber = parse.GetValue(number)!;
                var campaign = pause
                    ? runtime.PauseCampaignAsync(rfqNumber, null, parse.GetValue(reason), CancellationToken.None).GetAwaiter().GetResult()
                    : runtime.UnpauseCampaignAsync(rfqNumber, null, CancellationToken.None).GetAwaiter().GetResult();
                if (parse.GetValue(json))
                {
                    JsonLines.Write(output, campaign);
                }
                else if (campaign.Pause is { } paused)
                {
                    output.WriteLine($"{campaign.RfqNumber} paused by {paused.PausedBy} at {paused.PausedAt.ToUniversalTime():u}{(paused.Reason is null ? string.Empty : ": " + paused.Reason)}; {campaign.Open} delivery(ies) wait. Lift it with: rfq unpause {campaign.RfqNumber}");
                }
                else
                {
                    output.WriteLine($"{campaign.RfqNumber} is not paused; {campaign.Open} delivery(ies) still to do. Send them with: rfq resume {campaign.RfqNumber}");
                }

                return ExitCodes.Success;
            }
            catch (CampaignNotFoundException ex)
            {
                error.WriteLine($"rfq: no campaign '{ex.RfqNumber}' in the store '{ex.Store}'; rfq campaigns lists the campaigns it holds.");
                return ExitCodes.InvalidInput;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }
}
