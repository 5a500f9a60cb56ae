namespace RfqSender.Engine.Tests.Responses.Sources;

/// <summary>
/// Tests that measure the process's live managed heap: run alone (xunit runs a collection that disables
/// parallelization by itself, after the others), so no other test's allocations are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredHeapCollection
{
    public const string Name = "Measured heap";
}
