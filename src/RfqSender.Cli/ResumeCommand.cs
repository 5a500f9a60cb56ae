using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.Sqlite;
using RfqSender.Engine.Transports;

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
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = new ResultPrinter(output, parse.GetValue(json));
            try
            {
                var settings = delivery.Load(parse);
                var options = pacing.Build(parse);
                options.Validate();
                using var store = SqliteDeliveryStore.Open(settings.EffectiveStorePath, createIfMissing: false);
                var rfqNumber = parse.GetValue(number)!;
                var rfq = await store.GetCampaignRfqAsync(rfqNumber, cancellationToken);
                if (rfq is null)
                {
                    error.WriteLine($"rfq: no campaign '{rfqNumber}' in the store '{store.Description}'.");
                    return ExitCodes.InvalidInput;
                }

                var transports = TransportFactory.CreatePool(settings, options.Concurrency);
                await using var disposer = new TransportPool(transports);
                var session = RfqSendSession.Create(pacing.Sender(rfq, parse), store, transports, options);
                await SendCommand.RunAsync(session, store, null, 0, printer, error, cancellationToken);
                printer.Summarise(error, rfq.Number, store.Description, transports[0].Description);
                return await SendCommand.ExitCodeAsync(session, printer, error, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("rfq: stopped; run the same command again to resume.");
                return ExitCodes.Cancelled;
            }
            catch (Exception ex) when (ex is SettingsException or ArgumentOutOfRangeException or Engine.Rfqs.RfqDefinitionException or Engine.Rfqs.AttachmentException or Engine.Templates.TemplateException or Engine.Templates.TemplateFieldException or RfqChangedException or VendorCheckException)
            {
                error.WriteLine("rfq: " + ex.Message);
                return ExitCodes.InvalidInput;
            }
            catch (RfqSenderException ex)
            {
                error.WriteLine("rfq: " + ex.Message);
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
