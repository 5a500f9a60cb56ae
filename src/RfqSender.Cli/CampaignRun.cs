using RfqSender.Engine.Operations;

namespace RfqSender.Cli;

/// <summary>
/// The error handling of the commands that send for a campaign named by number (resume, remind): a stop is
/// exit 130 with how to go on, an unknown campaign exit 2 naming the store, every other engine error its exit code.
/// </summary>
internal static class CampaignRun
{
    /// <summary>Runs <paramref name="body"/> and maps what it throws to an exit code.</summary>
    public static async Task<int> GuardAsync(TextWriter error, string onStopped, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            error.WriteLine(onStopped);
            return ExitCodes.Cancelled;
        }
        catch (CampaignNotFoundException ex)
        {
            error.WriteLine($"rfq: no campaign '{ex.RfqNumber}' in the store '{ex.Store}'; rfq campaigns lists the campaigns it holds.");
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ExitCodes.Of(ex) is not null)
        {
            return ExitCodes.Report(error, ex);
        }
    }
}
