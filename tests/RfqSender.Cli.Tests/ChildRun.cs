namespace RfqSender.Cli.Tests;

/// <summary>How one <c>rfq</c> child process ended: killed by the test, or its exit code; and what it wrote to stderr.</summary>
internal sealed record ChildRun(bool Killed, int ExitCode, string Error);
