using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;

namespace RfqSender.Cli;

/// <summary>
/// <c>rfq remind</c>: the CLI face of Send-RfqReminder; reminds the vendors of a campaign that were sent the RFQ
/// and are silent, through the same pacing and limits as a send. Exit 0 when every chosen reminder went,
/// 1 when one failed or is in doubt, 4 when one is left to do (deferred, held by a limit, an earlier one in doubt).
/// </summary>
internal static class RemindCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var number = new Argument<string>("rfq-number") { Description = "The RFQ number (campaign key)." };
        var json = CommonOptions.Json();
        var pacing = new PacingOptions();
        var delivery = new DeliveryOptions();
        var rfqFile = new Option<string?>("--rfq-file") { Description = "The campaign's RFQ file, for reminder: templates added after the send (default: the RFQ as registered).", HelpName = "file" };
        var daysBeforeDue = new Option<int?>("--days-before-due") { Description = "Remind only once the due date is at most this many days away.", HelpName = "days" };
        var interval = new Option<double>("--min-interval-days") { Description = "The least time since the last message to a vendor, in days (default 3).", HelpName = "days", DefaultValueFactory = _ => 3 };
        var max = new Option<int>("--max-reminders") { Description = "At most this many reminders per vendor (default 2).", HelpName = "n", DefaultValueFactory = _ => 2 };
        var whatIf = new Option<bool>("--what-if") { Description = "List who would get which reminder and why the others would not; send and record nothing." };
        var command = new Command("remind", "Send a reminder to the vendors of a campaign that were sent the RFQ and have not answered, bounced or said they are away past the due date.")
        {
            number, json, rfqFile, daysBeforeDue, interval, max, whatIf,
        };
        pacing.AddTo(command);
        delivery.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var printer = new ResultPrinter(output, parse.GetValue(json));
            return CampaignRun.GuardAsync(error, "rfq: stopped; run the same command again to resume: reminders queued are sent, none twice.", async () =>
            {
                var options = new ReminderOptions
                {
                    MinimumInterval = TimeSpan.FromDays(parse.GetValue(interval)),
                    MaxReminders = parse.GetValue(max),
                    DaysBeforeDue = parse.GetValue(daysBeforeDue),
                };
                options.Validate();
                var send = pacing.Build(parse);
                var rfq = parse.GetValue(rfqFile) is { } path ? RfqFileLoader.Load(path) : null;
                var preview = parse.GetValue(whatIf);
                await using var runtime = delivery.CreateRuntime(parse, preview);
                var session = await runtime.StartRemindAsync(parse.GetValue(number)!, rfq, send, pacing.From(parse), preview, cancellationToken);
                if (preview)
                {
                    foreach (var result in await session.PreviewRemindersAsync(options, cancellationToken))
                    {
                        printer.Print(result);
                    }

                    printer.Summarise(error, session.Rfq.Number, runtime.StoreDescription, runtime.TransportDescription ?? string.Empty);
                    return ExitCodes.Success;
                }

                var run = await session.RemindAsync(options, printer.Print, cancellationToken);
                printer.Summarise(error, session.Rfq.Number, runtime.StoreDescription, runtime.TransportDescription ?? string.Empty);
                if (run.Paused is { } paused)
                {
                    if (run.Undone > 0)
                    {
                        error.WriteLine($"rfq: {run.Undone} reminder(s) of {session.Rfq.Number} are left to send.");
                    }

                    PauseCommand.WritePaused(error, paused);
                    return ExitCodes.Incomplete;
                }

                if (printer.Failures > 0)
                {
                    return ExitCodes.DeliveriesFailed;
                }

                if (run.Undone > 0)
                {
                    error.WriteLine($"rfq: {run.Undone} reminder(s) of {session.Rfq.Number} were not sent (deferred, held by a limit, or in doubt); run it again, and decide on those in doubt ('rfq deliveries {session.Rfq.Number} --state InDoubt', then --in-doubt resend).");
                    return ExitCodes.Incomplete;
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }
}
