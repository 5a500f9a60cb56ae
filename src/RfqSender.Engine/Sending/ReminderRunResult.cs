namespace RfqSender.Engine.Sending;

/// <summary>What a reminder run did, counted: reminders sent, vendors the rules left out, and what is left undone.</summary>
public sealed class ReminderRunResult
{
    /// <summary>Creates a result.</summary>
    public ReminderRunResult(int reminded, int notReminded, int undone)
    {
        Reminded = reminded;
        NotReminded = notReminded;
        Undone = undone;
    }

    /// <summary>Reminders the transport accepted in this run.</summary>
    public int Reminded { get; }

    /// <summary>Vendors the rules gave no reminder now (answered, bounced, away, too recent, at the most, due date).</summary>
    public int NotReminded { get; }

    /// <summary>
    /// Reminders chosen and not sent: deferred, failed, in doubt, not sent in this run (a limit, a stop), and
    /// earlier reminders in doubt waiting for a decision. Non-zero makes the CLI exit non-zero and the cmdlet warn.
    /// </summary>
    public int Undone { get; }

    /// <summary>
    /// The pause that stopped the run (the campaign was paused before it or while it sent), or null: then
    /// reminders still queued wait, counted in <see cref="Undone"/>, until the campaign is unpaused.
    /// </summary>
    public Tracking.CampaignPause? Paused { get; internal set; }
}
