namespace RfqSender.HelpCompiler;

/// <summary>One parameter: its description and how it is used in each parameter set (one yaml block each).</summary>
internal sealed class ParameterHelp
{
    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<string> Description { get; init; } = Array.Empty<string>();

    public IReadOnlyList<ParameterUsage> Usages { get; init; } = Array.Empty<ParameterUsage>();

    public ParameterUsage? UsageIn(string set) =>
        Usages.FirstOrDefault(u => u.Sets.Contains(set, StringComparer.OrdinalIgnoreCase))
        ?? Usages.FirstOrDefault(u => u.InAllSets);
}
