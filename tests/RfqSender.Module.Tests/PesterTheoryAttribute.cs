namespace RfqSender.Module.Tests;

/// <summary>
/// A Pester run: skipped on a machine without the local PowerShell tool, but run (and failing)
/// when CI=true or RFQSENDER_PESTER_TESTS=1, so CI cannot pass without a real PowerShell.
/// </summary>
public sealed class PesterTheoryAttribute : TheoryAttribute
{
    public PesterTheoryAttribute()
    {
        if (!PesterEnvironment.Required && !PesterEnvironment.PowerShellRestored)
        {
            Skip = "PowerShell 7.6.9 is not restored (run `dotnet tool restore` in the repository, or set RFQSENDER_PESTER_TESTS=1 to require it).";
        }
    }
}
