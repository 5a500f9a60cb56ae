using System.Xml.Linq;

namespace RfqSender.Module.Tests;

/// <summary>The MAML help of the assembled module, read the way Get-Help reads it (by element names).</summary>
internal sealed class ModuleHelp
{
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public ModuleHelp(XDocument document) => Document = document;

    public XDocument Document { get; }

    /// <summary>Where PowerShell looks for the help of a binary cmdlet: &lt;assembly file&gt;-Help.xml in a culture folder beside the assembly.</summary>
    public static string PathOf(string edition) =>
        Path.Combine(TestEnvironment.ModuleDirectory, edition, "en-US", "RfqSender.PowerShell.dll-Help.xml");

    public static ModuleHelp Load(string edition) => new(XDocument.Load(PathOf(edition)));

    public XElement? CommandNamed(string name) =>
        Document.Root!.Elements(Command + "command").SingleOrDefault(c => c.Element(Command + "details")?.Element(Command + "name")?.Value == name);

    public static string Text(XElement? description) =>
        description is null ? string.Empty : string.Join("\n", description.Elements(Maml + "para").Select(p => p.Value)).Trim();

    public static IEnumerable<XElement> DocumentedParameters(XElement command) =>
        command.Element(Command + "parameters")?.Elements(Command + "parameter") ?? Enumerable.Empty<XElement>();

    public static string NameOf(XElement parameter) => parameter.Element(Maml + "name")!.Value;

    /// <summary>What a cmdlet's help lacks: parameters without help (or with an empty description), and help for parameters that do not exist.</summary>
    public static IReadOnlyList<string> ParameterProblems(CmdletInfo cmdlet, XElement? command)
    {
        if (command is null)
        {
            return new[] { $"{cmdlet.Name}: no help at all" };
        }

        var expected = cmdlet.Parameters.Select(p => p.Name).ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            expected.AddRange(new[] { "WhatIf", "Confirm" });
        }

        var documented = DocumentedParameters(command).ToDictionary(NameOf, p => Text(p.Element(Maml + "description")), StringComparer.OrdinalIgnoreCase);
        return expected.Where(name => !documented.TryGetValue(name, out var text) || text.Length == 0)
            .Select(name => $"{cmdlet.Name}: -{name} has no help (describe it in docs/cmdlets/{cmdlet.Name}.md)")
            .Concat(documented.Keys.Where(name => !expected.Contains(name, StringComparer.OrdinalIgnoreCase))
                .Select(name => $"{cmdlet.Name}: the help describes -{name}, which the cmdlet does not have"))
            .ToList();
    }
}
