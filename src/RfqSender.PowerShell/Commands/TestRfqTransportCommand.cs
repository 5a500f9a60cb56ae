using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Transports;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Checks the transport a send would use, step by step (connect, TLS, AUTH; Graph token and mailbox; pickup folder), sending nothing.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RfqTransport")]
[OutputType(typeof(TransportCheckStep))]
[OutputType(typeof(bool))]
public sealed class TestRfqTransportCommand : RfqTransportCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Output only $true when every step passed (or did not apply), else $false; no step objects and no errors.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        RfqSenderSettings settings;
        try
        {
            settings = LoadSettings();
        }
        catch (RfqSenderException ex)
        {
            Fail(ex, "SettingsInvalid", ErrorCategory.InvalidArgument, null);
            return;
        }

        WriteVerbose($"Checking the {settings.Transport} transport; nothing is sent.");
        var failed = 0;
        try
        {
            EnginePump.Run<TransportCheckStep>(
                (onStep, token) => TransportCheck.RunAsync(settings, onStep, token),
                step =>
                {
                    if (step.Result == TransportCheckResult.Failed)
                    {
                        failed++;
                    }

                    if (Quiet)
                    {
                        return;
                    }

                    WriteObject(step);
                    if (step.Result == TransportCheckResult.Failed)
                    {
                        WriteError(Error(
                            new RfqSenderException($"{step.Transport} {step.Step} ({step.Target}) failed: {step.Detail}"),
                            "TransportCheckFailed",
                            ErrorCategory.ConnectionError,
                            step));
                    }
                },
                _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (RfqSenderException ex)
        {
            // Settings that a transport refuses before trying anything (no server, an unreadable certificate).
            Fail(ex, "SettingsInvalid", ErrorCategory.InvalidArgument, null);
        }

        if (Quiet)
        {
            WriteObject(failed == 0);
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished already.
        }
    }
}
