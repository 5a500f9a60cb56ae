using System.Reflection;

namespace RfqSender.Module.Tests;

/// <summary>How one cmdlet parameter is declared in one parameter set (one [Parameter] attribute).</summary>
internal sealed record ParameterDeclaration(string Name, string Set, bool Mandatory, int? Position, bool ValueFromPipeline, bool ByPropertyName)
{
    public const string AllSets = "__AllParameterSets";

    public static IReadOnlyList<ParameterDeclaration> Of(CmdletInfo cmdlet) =>
        cmdlet.Parameters
            .SelectMany(p => cmdlet.Type.GetProperty(p.Name)!.GetCustomAttributesData()
                .Where(a => a.AttributeType.Name == "ParameterAttribute")
                .Select(a =>
                {
                    T Named<T>(string name, T fallback) =>
                        a.NamedArguments.Where(n => n.MemberName == name).Select(n => (T)n.TypedValue.Value!).DefaultIfEmpty(fallback).First();
                    var position = Named("Position", int.MinValue);
                    return new ParameterDeclaration(
                        p.Name,
                        Named("ParameterSetName", AllSets),
                        Named("Mandatory", false),
                        position == int.MinValue ? null : position,
                        Named("ValueFromPipeline", false),
                        Named("ValueFromPipelineByPropertyName", false));
                }))
            .ToList();

    /// <summary>The parameter sets and their parameters, as PowerShell builds them (a cmdlet without named sets has one).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ParameterDeclaration>> Sets(CmdletInfo cmdlet)
    {
        var declarations = Of(cmdlet);
        var named = declarations.Select(d => d.Set).Where(s => s != AllSets).Distinct().ToList();
        if (named.Count > 0 && cmdlet.DefaultParameterSetName is { } fallback && !named.Contains(fallback))
        {
            // A default set of the shared parameters alone (Receive-RfqReply reading the configured source).
            named.Insert(0, fallback);
        }

        if (named.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<ParameterDeclaration>> { [AllSets] = declarations };
        }

        return named.ToDictionary(
            set => set,
            set => (IReadOnlyList<ParameterDeclaration>)declarations
                .Where(d => d.Set == set || (d.Set == AllSets && !declarations.Any(o => o.Name == d.Name && o.Set == set)))
                .ToList());
    }

    public string PipelineInput => (ValueFromPipeline, ByPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}
