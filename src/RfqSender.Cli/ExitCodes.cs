namespace RfqSender.Cli;

/// <summary>Process exit codes of <c>rfq</c>, stable for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked was done.</summary>
    public const int Success = 0;

    /// <summary>
    /// The run finished, but some deliveries failed (permanently) in it; nothing is left due. From
    /// <c>rfq deliveries set</c>: some vendors could not be changed (each is named).
    /// </summary>
    public const int DeliveriesFailed = 1;

    /// <summary>Invalid input (vendors, RFQ, templates, arguments, a missing file, a usage error); nothing was sent from it.</summary>
    public const int InvalidInput = 2;

    /// <summary>The store, the transport or the environment failed.</summary>
    public const int Failure = 3;

    /// <summary>
    /// The run ended with deliveries of the campaign still to do: Queued (a per-run maximum or rate
    /// limit, or not reached), Deferred (a transient failure, retried later) or InDoubt (waiting for
    /// your decision), or held by a pause (<c>rfq pause</c>: lift it with <c>rfq unpause</c>). Run it again, or resume it.
    /// </summary>
    public const int Incomplete = 4;

    /// <summary>Stopped by Ctrl+C; the campaign can be resumed.</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// The one table from an engine failure to an exit code: invalid input and settings 2, the store
    /// or the transport 3, a stop 130. Null for an exception that is no engine failure (a defect).
    /// </summary>
    public static int? Of(Exception exception) => Engine.RfqSenderException.KindOf(exception) switch
    {
        Engine.FailureKind.InvalidInput or Engine.FailureKind.Configuration => InvalidInput,
        Engine.FailureKind.Store or Engine.FailureKind.Transport => Failure,
        Engine.FailureKind.Cancelled => Cancelled,
        _ => null,
    };

    /// <summary>Writes an engine error for the user and gives its exit code (<see cref="Of"/>).</summary>
    public static int Report(TextWriter error, Exception exception)
    {
        error.WriteLine("rfq: " + exception.Message);
        return Of(exception) ?? Failure;
    }
}
