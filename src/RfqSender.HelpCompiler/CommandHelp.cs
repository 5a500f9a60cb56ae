namespace RfqSender.HelpCompiler;

/// <summary>The help of one cmdlet, as written in its platyPS markdown file.</summary>
internal sealed class CommandHelp
{
    public string SourceFile { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Verb => Name.Split('-', 2)[0];

    public string Noun => Name.Contains('-') ? Name.Split('-', 2)[1] : string.Empty;

    public string OnlineVersion { get; init; } = string.Empty;

    public IReadOnlyList<string> Synopsis { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> Description { get; init; } = Array.Empty<string>();

    /// <summary>The parameter sets in the order of the SYNTAX section; a cmdlet without named sets has one, <see cref="ParameterUsage.AllSets"/>.</summary>
    public IReadOnlyList<SyntaxBlock> Syntax { get; init; } = Array.Empty<SyntaxBlock>();

    public IReadOnlyList<ParameterHelp> Parameters { get; init; } = Array.Empty<ParameterHelp>();

    public IReadOnlyList<ExampleHelp> Examples { get; init; } = Array.Empty<ExampleHelp>();

    public IReadOnlyList<TypeHelp> Inputs { get; init; } = Array.Empty<TypeHelp>();

    public IReadOnlyList<TypeHelp> Outputs { get; init; } = Array.Empty<TypeHelp>();

    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    public IReadOnlyList<RelatedLink> RelatedLinks { get; init; } = Array.Empty<RelatedLink>();

    /// <summary>The parameters of one set, with the usage that applies to that set, in syntax order.</summary>
    public IReadOnlyList<(ParameterHelp Parameter, ParameterUsage Usage)> ParametersOf(string set)
    {
        var members = Parameters
            .Select(p => (Parameter: p, Usage: p.UsageIn(set)))
            .Where(p => p.Usage is not null)
            .Select(p => (p.Parameter, Usage: p.Usage!))
            .ToList();
        return members.Where(m => m.Usage.Position is not null).OrderBy(m => m.Usage.Position)
            .Concat(members.Where(m => m.Usage.Position is null))
            .ToList();
    }
}
