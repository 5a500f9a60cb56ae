namespace RfqSender.Cli;

/// <summary>Process exit codes of <c>rfq</c>, stable for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked was done.</summary>
    public const int Success = 0;

    /// <summary>The run finished, but some deliveries failed or are in doubt.</summary>
    public const int DeliveriesFailed = 1;

    /// <summary>Invalid input (vendors, RFQ, templates, arguments); nothing was sent from it.</summary>
    public const int InvalidInput = 2;

    /// <summary>The store, the transport or the environment failed.</summary>
    public const int Failure = 3;

    /// <summary>Stopped by Ctrl+C; the campaign can be resumed.</summary>
    public const int Cancelled = 130;
}
