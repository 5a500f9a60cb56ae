using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Sends a reminder to the vendors of a campaign that were sent the RFQ and have not answered, bounced or said they are away past the due date.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "RfqReminder", SupportsShouldProcess = true)]
[OutputType(typeof(DeliveryResult))]
public sealed class SendRfqReminderCommand : RfqSendingCmdlet
{
    /// <summary>The RFQ number; binds from the Number of an Rfq object or the RfqNumber of a result or delivery.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The campaign's RFQ file, for its reminder: templates when they were added after the send; by default the RFQ as the store registered it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RfqPath { get; set; }

    /// <summary>Remind only once the RFQ's due date is at most this many days away.</summary>
    [Parameter]
    [ValidateRange(0, 3650)]
    public int DaysBeforeDue { get; set; }

    /// <summary>The least time since the last message to a vendor (the RFQ or a reminder); 3 days by default.</summary>
    [Parameter]
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromDays(3);

    /// <summary>At most this many reminders per vendor; 2 by default.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxReminders { get; set; } = 2;

    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!_done.Add(RfqNumber))
        {
            return;
        }

        var options = new ReminderOptions
        {
            MinimumInterval = MinimumInterval,
            MaxReminders = MaxReminders,
            DaysBeforeDue = MyInvocation.BoundParameters.ContainsKey(nameof(DaysBeforeDue)) ? DaysBeforeDue : null,
        };
        try
        {
            options.Validate();
            OpenRemindSession(RfqNumber, RfqPath is null ? null : RfqFileLoader.Load(ResolvePath(RfqPath)), IsWhatIf());
        }
        catch (ArgumentOutOfRangeException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidReminderOption", ErrorCategory.InvalidArgument, RfqNumber));
            return;
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, ErrorIdOf(ex), ex is StoreNotFoundException or CampaignNotFoundException ? CategoryOf(ex) : ErrorCategory.InvalidData, ex is StoreNotFoundException missing ? missing.Location : RfqNumber));
            return;
        }

        var session = Session!;
        IReadOnlyList<DeliveryResult> preview = Array.Empty<DeliveryResult>();
        RunEngine(async () => preview = await session.PreviewRemindersAsync(options, StopToken).ConfigureAwait(false), ErrorCategory.InvalidData);
        var chosen = preview.Count(r => r.Action == SendAction.WouldSend);
        if (IsWhatIf())
        {
            // -WhatIf lists every vendor: who would get which reminder, and why the others would not.
            foreach (var result in preview)
            {
                WriteObject(result);
            }

            ShouldProcess($"{chosen} vendor(s) of {session.Rfq.Number} in {Store!.Description}", "Send RFQ reminder");
            return;
        }

        if (WriteIfPaused() || !ShouldProcess($"{chosen} vendor(s) of {session.Rfq.Number} in {Store!.Description}", "Send RFQ reminder"))
        {
            return;
        }

        Expected = preview.Count;
        ReminderRunResult? run = null;
        Pump(async (onResult, token) => run = await session.RemindAsync(options, onResult, token).ConfigureAwait(false));
        CompleteProgress();
        if (run?.Paused is not null && WriteIfPaused())
        {
            return;
        }

        if (run is { Undone: > 0 })
        {
            WriteWarning($"{session.Rfq.Number}: {run.Undone} reminder(s) were not sent (deferred, failed, in doubt or held by a limit); run Send-RfqReminder -RfqNumber {session.Rfq.Number} again, and decide on those in doubt (Get-RfqDelivery -State InDoubt).");
        }
        else if (run is not null)
        {
            WriteVerbose($"{session.Rfq.Number}: {run.Reminded} reminder(s) sent, {run.NotReminded} vendor(s) not reminded now.");
        }
    }
}
