namespace RfqSender.Benchmarks;

/// <summary>What a scenario's child process reports back (one JSON line on its stdout).</summary>
public sealed class ScenarioReport
{
    public int Exit { get; set; }

    public DateTime InvokeStart { get; set; }

    public DateTime InvokeEnd { get; set; }

    public double PeakWorkingSetMb { get; set; }

    /// <summary>User + system CPU time the child used, in seconds.</summary>
    public double CpuSeconds { get; set; }

    public string Error { get; set; } = string.Empty;

    /// <summary>Set by the parent: when it started the child process (UTC).</summary>
    public DateTime ProcessStart { get; set; }
}
