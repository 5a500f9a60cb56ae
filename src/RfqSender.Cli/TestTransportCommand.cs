using System.CommandLine;
using System.Globalization;
using RfqSender.Engine;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Transports;

namespace RfqSender.Cli;

/// <summary><c>rfq test-transport</c>: the CLI face of Test-RfqTransport; checks the line step by step, sending nothing.</summary>
internal static class TestTransportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var json = CommonOptions.Json();
        var delivery = new DeliveryOptions(sending: false);
        var command = new Command("test-transport", "Check the transport a send would use: connect, TLS, AUTH (SMTP); token and mailbox (Graph); the folder (pickup). Nothing is sent.") { json };
        delivery.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var settings = delivery.Load(parse);
                var failed = 0;
                await TransportCheck.RunAsync(
                    settings,
                    step =>
                    {
                        lock (output)
                        {
                            failed += step.Result == TransportCheckResult.Failed ? 1 : 0;
                            if (parse.GetValue(json))
                            {
                                JsonLines.Write(output, step);
                                return;
                            }

                            var ms = step.Result == TransportCheckResult.NotRun ? string.Empty : step.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
                            output.WriteLine($"{Word(step.Result),-8} {step.Step,-15} {ms,8}  {step.Detail}");
                        }
                    },
                    cancellationToken);
                error.WriteLine(failed == 0
                    ? $"rfq: the {settings.Transport} transport works; nothing was sent."
                    : $"rfq: the {settings.Transport} transport check failed ({failed} step(s)); nothing was sent.");
                return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("rfq: stopped.");
                return ExitCodes.Cancelled;
            }
            catch (RfqSenderException ex)
            {
                // Settings a transport refuses before trying anything: nothing was checked.
                error.WriteLine("rfq: " + ex.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static string Word(TransportCheckResult result) => result switch
    {
        TransportCheckResult.Passed => "ok",
        TransportCheckResult.Failed => "FAILED",
        TransportCheckResult.Skipped => "skipped",
        _ => "not run",
    };
}
