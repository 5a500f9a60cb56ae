using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;

namespace RfqSender.Cli;

/// <summary><c>rfq resume</c>: the CLI face of Resume-Rfq; sends what is still due, with the RFQ as the store registered it.</summary>
internal static class ResumeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var number = new Argument<string>("rfq-number") { Description = "The RFQ number (campaign key)." };
        var json = CommonOptions.Json();
        var pacing = new PacingOptions();
        var delivery = new DeliveryOptions();
        var command = new Command("resume", "Send every delivery of a campaign still due (and, on request, in-doubt or failed ones), with the RFQ as registered.") { number, json };
        pacing.AddTo(command);
        delivery.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var printer = new ResultPrinter(output, parse.GetValue(json));
            return CampaignRun.GuardAsync(error, "rfq: stopped; run the same command again to resume.", async () =>
            {
                var options = pacing.Build(parse);
                await using var runtime = delivery.CreateRuntime(parse, whatIf: false);
                var session = await runtime.StartResumeAsync(parse.GetValue(number)!, options, pacing.From(parse), whatIf: false, cancellationToken);
                await SendCommand.RunAsync(session, null, 0, printer, error, cancellationToken);
                printer.Summarise(error, session.Rfq.Number, runtime.StoreDescription, runtime.TransportDescription ?? string.Empty);
                return await SendCommand.ExitCodeAsync(session, printer, error, cancellationToken);
            });
        });
        return command;
    }
}
