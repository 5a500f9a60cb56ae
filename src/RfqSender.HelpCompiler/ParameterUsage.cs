namespace RfqSender.HelpCompiler;

/// <summary>One yaml block of a parameter: its type and binding in the parameter sets it names.</summary>
internal sealed class ParameterUsage
{
    public const string AllSets = "(All)";

    public string Type { get; init; } = string.Empty;

    public IReadOnlyList<string> Sets { get; init; } = Array.Empty<string>();

    public bool InAllSets => Sets.Contains(AllSets, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Aliases { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> AcceptedValues { get; init; } = Array.Empty<string>();

    public bool Required { get; init; }

    /// <summary>The position, or null for a named parameter.</summary>
    public int? Position { get; init; }

    public string DefaultValue { get; init; } = "None";

    /// <summary>As platyPS writes it: False, True (ByValue), True (ByPropertyName), True (ByPropertyName, ByValue).</summary>
    public string PipelineInput { get; init; } = "False";

    public bool Globbing { get; init; }

    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";
}
