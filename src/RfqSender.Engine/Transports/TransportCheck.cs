using System.Diagnostics;
using System.Globalization;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Transports.Graph;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Transports;

/// <summary>
/// Checks the line a send would use, step by step, sending nothing: for SMTP it connects, reads
/// the greeting, says EHLO, negotiates TLS (implicit or STARTTLS, with the certificate checked as
/// for a send) and authenticates, then says QUIT; for Microsoft Graph it acquires a token and
/// reads the mailbox's directory entry; for the pickup folder it makes sure the folder exists and
/// that a file can be written there (and deletes it). When a step fails, the steps after it are
/// reported as not run.
/// </summary>
public static class TransportCheck
{
    /// <summary>Runs the check of the transport the settings choose.</summary>
    /// <param name="settings">The settings, with the caller's parameters applied.</param>
    /// <param name="onStep">Receives each step as it completes (from a worker thread); null for none.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>Every step, in order.</returns>
    /// <exception cref="RfqSenderException">The transport's settings are incomplete or invalid (nothing was tried).</exception>
    public static async Task<IReadOnlyList<TransportCheckStep>> RunAsync(RfqSenderSettings settings, Action<TransportCheckStep>? onStep, CancellationToken cancellationToken)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var steps = new List<TransportCheckStep>();
        void Report(TransportCheckStep step)
        {
            steps.Add(step);
            onStep?.Invoke(step);
        }

        var transport = TransportFactory.Create(settings);
        try
        {
            switch (transport)
            {
                case SmtpTransport smtp:
                    await CheckSmtpAsync(smtp.Client, Report, cancellationToken).ConfigureAwait(false);
                    break;
                case GraphTransport graph:
                    await CheckGraphAsync(graph, Report, cancellationToken).ConfigureAwait(false);
                    break;
                case PickupFolderTransport pickup:
                    CheckPickup(pickup, Report);
                    break;
                default:
                    throw new RfqSenderException($"There is no check for the transport {transport.Description}.");
            }
        }
        finally
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        return steps;
    }

    private static async Task CheckSmtpAsync(SmtpSubmissionClient client, Action<TransportCheckStep> report, CancellationToken cancellationToken)
    {
        var settings = client.Settings;
        var target = settings.Server + ":" + settings.Port.ToString(CultureInfo.InvariantCulture);
        var plan = settings.EffectiveTlsMode switch
        {
            SmtpTlsMode.Implicit => new[] { "Connect", "TLS", "Greeting", "EHLO", "AUTH" },
            SmtpTlsMode.None => new[] { "Connect", "Greeting", "EHLO", "STARTTLS", "AUTH" },
            _ => new[] { "Connect", "Greeting", "EHLO", "STARTTLS", "EHLO after TLS", "AUTH" },
        };
        TransportCheckStep Step(string name, TransportCheckResult result, TimeSpan duration, string detail) =>
            NewStep(TransportKind.Smtp, target, name, result, duration, detail);

        client.SetupObserver = step => report(Step(step.Name, step.Skipped ? TransportCheckResult.Skipped : TransportCheckResult.Passed, step.Duration, step.Detail));
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RfqSenderException ex)
        {
            var failed = client.SetupStep ?? plan[0];
            report(Step(failed, TransportCheckResult.Failed, client.SetupStepElapsed, ex.Message));
            var index = Array.IndexOf(plan, failed);
            foreach (var name in plan.Skip(index + 1))
            {
                report(Step(name, TransportCheckResult.NotRun, TimeSpan.Zero, $"not run: {failed} failed"));
            }

            return;
        }
        finally
        {
            client.SetupObserver = null;
        }

        await client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CheckGraphAsync(GraphTransport graph, Action<TransportCheckStep> report, CancellationToken cancellationToken)
    {
        var target = graph.Description;
        TransportCheckStep Step(string name, TransportCheckResult result, TimeSpan duration, string detail) =>
            NewStep(TransportKind.Graph, target, name, result, duration, detail);

        var watch = Stopwatch.StartNew();
        try
        {
            var token = await graph.AcquireTokenAsync(cancellationToken).ConfigureAwait(false);
            var until = token.ExpiresOn == DateTimeOffset.MaxValue ? "no expiry given" : "valid until " + token.ExpiresOn.ToString("u", CultureInfo.InvariantCulture);
            report(Step("Token", TransportCheckResult.Passed, watch.Elapsed, $"acquired for {graph.Scope} ({until})"));
        }
        catch (RfqSenderException ex)
        {
            report(Step("Token", TransportCheckResult.Failed, watch.Elapsed, ex.Message));
            report(Step("Mailbox", TransportCheckResult.NotRun, TimeSpan.Zero, "not run: Token failed"));
            return;
        }

        if (graph.Mailbox is not { } mailbox)
        {
            report(Step("Mailbox", TransportCheckResult.Skipped, TimeSpan.Zero,
                "no mailbox named: a send goes as the RFQ's From address; name the mailbox (-Mailbox, --mailbox, graph.mailbox) to check it"));
            return;
        }

        watch.Restart();
        var (status, detail, code) = await graph.GetMailboxAsync(mailbox, cancellationToken).ConfigureAwait(false);
        if (status is >= 200 and < 300)
        {
            report(Step("Mailbox", TransportCheckResult.Passed, watch.Elapsed, $"{mailbox} is {detail}"));
        }
        else if (status == 403 && code is "Authorization_RequestDenied" or "ErrorAccessDenied" or null)
        {
            report(Step("Mailbox", TransportCheckResult.Skipped, watch.Elapsed,
                $"the application may not read the directory entry of {mailbox} ({detail}); that needs User.ReadBasic.All and does not stop sending with Mail.Send"));
        }
        else
        {
            var hint = status == 404 ? $"Graph knows no user or mailbox {mailbox}: " : status == 401 ? "Graph rejected the token: " : string.Empty;
            report(Step("Mailbox", TransportCheckResult.Failed, watch.Elapsed, hint + detail));
        }
    }

    private static void CheckPickup(PickupFolderTransport pickup, Action<TransportCheckStep> report)
    {
        var folder = pickup.Folder;
        TransportCheckStep Step(string name, TransportCheckResult result, TimeSpan duration, string detail) =>
            NewStep(TransportKind.Pickup, folder, name, result, duration, detail);

        var watch = Stopwatch.StartNew();
        try
        {
            var existed = Directory.Exists(folder);
            Directory.CreateDirectory(folder);
            report(Step("Folder", TransportCheckResult.Passed, watch.Elapsed, existed ? $"{folder} exists" : $"{folder} was created"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            report(Step("Folder", TransportCheckResult.Failed, watch.Elapsed, $"cannot create {folder}: {ex.Message}"));
            report(Step("Write", TransportCheckResult.NotRun, TimeSpan.Zero, "not run: Folder failed"));
            return;
        }

        watch.Restart();
        var probe = Path.Combine(folder, ".rfqsender-check-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.WriteByte((byte)'\n');
            }

            File.Delete(probe);
            report(Step("Write", TransportCheckResult.Passed, watch.Elapsed,
                "a file can be written there (a test file was written and deleted)" + (pickup.Drafts ? "; messages are written as drafts (X-Unsent: 1)" : string.Empty)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report(Step("Write", TransportCheckResult.Failed, watch.Elapsed, $"cannot write a file in {folder}: {ex.Message}"));
        }
    }

    private static TransportCheckStep NewStep(TransportKind transport, string target, string name, TransportCheckResult result, TimeSpan duration, string detail) => new()
    {
        Transport = transport,
        Target = target,
        Step = name,
        Result = result,
        Duration = duration,
        Detail = detail,
    };
}
