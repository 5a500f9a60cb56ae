using System.Text.RegularExpressions;
using System.Xml.Linq;
using static RfqSender.Module.Tests.ModuleHelp;

namespace RfqSender.Module.Tests;

/// <summary>The compiled help in the assembled module: where PowerShell looks for it, and complete against the cmdlets' metadata.</summary>
public sealed class HelpTests
{
    private static readonly string[] CommonSwitches = { "WhatIf", "Confirm" };

    [Theory]
    [InlineData("core")]
    [InlineData("desktop")]
    public void Each_build_has_well_formed_MAML_in_the_culture_folder_beside_its_cmdlet_assembly(string edition)
    {
        var help = Load(edition);

        Assert.Equal("helpItems", help.Document.Root!.Name.LocalName);
        Assert.Equal("maml", help.Document.Root.Attribute("schema")?.Value);
        Assert.True(File.Exists(Path.Combine(TestEnvironment.ModuleDirectory, edition, "RfqSender.PowerShell.dll")));
        Assert.Equal(File.ReadAllText(PathOf("core")), File.ReadAllText(PathOf(edition)));
    }

    [Theory]
    [InlineData("core")]
    [InlineData("desktop")]
    public void Every_cmdlet_has_a_synopsis_a_description_and_at_least_two_explained_examples(string edition)
    {
        using var metadata = new CmdletMetadata(edition);
        var help = Load(edition);

        Assert.NotEmpty(metadata.Cmdlets);
        foreach (var cmdlet in metadata.Cmdlets)
        {
            var command = help.CommandNamed(cmdlet.Name);
            Assert.True(command is not null, $"{cmdlet.Name} has no help: add docs/cmdlets/{cmdlet.Name}.md");
            var details = command!.Element(Command + "details")!;
            Assert.Equal(cmdlet.Verb, details.Element(Command + "verb")?.Value);
            Assert.Equal(cmdlet.Noun, details.Element(Command + "noun")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(Text(details.Element(Maml + "description"))), $"{cmdlet.Name}: empty synopsis");
            Assert.False(string.IsNullOrWhiteSpace(Text(command.Element(Maml + "description"))), $"{cmdlet.Name}: empty description");

            var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
            Assert.True(examples.Count >= 2, $"{cmdlet.Name}: {examples.Count} example(s), at least two are needed");
            Assert.All(examples, e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Element(Dev + "code")?.Value), $"{cmdlet.Name}: an example without code");
                Assert.False(string.IsNullOrWhiteSpace(Text(e.Element(Dev + "remarks"))), $"{cmdlet.Name}: an example without explanation");
            });
        }
    }

    [Fact]
    public void The_help_describes_every_parameter_of_every_cmdlet_and_no_other()
    {
        using var metadata = new CmdletMetadata("core");
        var help = Load("core");

        var problems = metadata.Cmdlets.SelectMany(c => ParameterProblems(c, help.CommandNamed(c.Name))).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void A_parameter_without_help_is_reported_by_name()
    {
        using var metadata = new CmdletMetadata("core");
        var send = metadata.Cmdlets.Single(c => c.Name == "Send-Rfq");
        var doctored = new XDocument(Load("core").Document);
        var command = new ModuleHelp(doctored).CommandNamed("Send-Rfq")!;
        DocumentedParameters(command).Single(p => NameOf(p) == "DelayMs").Remove();
        DocumentedParameters(command).Single(p => NameOf(p) == "BatchSize").Element(Maml + "description")!.Elements(Maml + "para").Remove();

        var problems = ParameterProblems(send, command);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Send-Rfq: -BatchSize has no help", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Send-Rfq: -DelayMs has no help", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_syntax_item_is_one_parameter_set_with_its_parameters_and_their_binding()
    {
        using var metadata = new CmdletMetadata("core");
        var help = Load("core");

        foreach (var cmdlet in metadata.Cmdlets)
        {
            var command = help.CommandNamed(cmdlet.Name)!;
            var items = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
            var sets = ParameterDeclaration.Sets(cmdlet);
            Assert.True(sets.Count == items.Count, $"{cmdlet.Name}: {sets.Count} parameter set(s) but {items.Count} syntax block(s)");

            foreach (var (setName, declared) in sets)
            {
                var expected = declared.Select(d => d.Name).Concat(cmdlet.SupportsShouldProcess ? CommonSwitches : Array.Empty<string>()).OrderBy(n => n).ToList();
                var item = items.SingleOrDefault(i => i.Elements(Command + "parameter").Select(NameOf).OrderBy(n => n).SequenceEqual(expected));
                Assert.True(item is not null, $"{cmdlet.Name}: no syntax block lists the parameters of the set '{setName}': {string.Join(", ", expected)}");
                foreach (var declaration in declared)
                {
                    var parameter = item!.Elements(Command + "parameter").Single(p => NameOf(p) == declaration.Name);
                    var where = $"{cmdlet.Name} -{declaration.Name} in set '{setName}'";
                    Assert.True(declaration.Mandatory.ToString().ToLowerInvariant() == parameter.Attribute("required")!.Value, $"{where}: Required");
                    Assert.True((declaration.Position?.ToString() ?? "named") == parameter.Attribute("position")!.Value, $"{where}: Position");
                    Assert.True(declaration.PipelineInput == parameter.Attribute("pipelineInput")!.Value, $"{where}: Accept pipeline input should be {declaration.PipelineInput}");
                }
            }
        }
    }

    [Fact]
    public void Parameter_types_and_aliases_are_those_the_cmdlets_declare()
    {
        using var metadata = new CmdletMetadata("core");
        var help = Load("core");

        foreach (var cmdlet in metadata.Cmdlets)
        {
            var documented = DocumentedParameters(help.CommandNamed(cmdlet.Name)!).ToDictionary(NameOf);
            foreach (var parameter in cmdlet.Parameters.Where(p => documented.ContainsKey(p.Name)))
            {
                var element = documented[parameter.Name];
                Assert.True(parameter.PropertyType.Name == element.Element(Dev + "type")!.Element(Maml + "name")!.Value, $"{cmdlet.Name} -{parameter.Name}: Type should be {parameter.PropertyType.Name}");
                var aliases = element.Attribute("aliases")!.Value;
                var written = aliases == "none" ? new List<string>() : aliases.Split(',').Select(a => a.Trim()).ToList();
                Assert.True(parameter.Aliases.OrderBy(a => a).SequenceEqual(written.OrderBy(a => a)), $"{cmdlet.Name} -{parameter.Name}: Aliases should be {string.Join(", ", parameter.Aliases)}");
            }
        }
    }

    [Fact]
    public void Every_help_example_is_also_in_a_script_under_examples()
    {
        var examplesFolder = Path.Combine(TestEnvironment.RepositoryRoot, "examples");
        var scripts = Directory.GetFiles(examplesFolder, "*.ps1", SearchOption.AllDirectories)
            .Select(f => (File: f, Lines: CodeLines(File.ReadAllText(f))))
            .ToList();
        var help = Load("core");
        var missing = new List<string>();

        foreach (var command in help.Document.Root!.Elements(Command + "command"))
        {
            var name = command.Element(Command + "details")!.Element(Command + "name")!.Value;
            foreach (var example in command.Element(Command + "examples")!.Elements(Command + "example"))
            {
                var code = CodeLines(example.Element(Dev + "code")!.Value);
                if (!scripts.Any(s => ContainsRun(s.Lines, code)))
                {
                    missing.Add($"{name}, {example.Element(Maml + "title")!.Value.Trim('-', ' ')}: {code.FirstOrDefault()}");
                }
            }
        }

        Assert.True(missing.Count == 0, "help examples not found in examples/**/*.ps1:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_about_topic_is_in_the_culture_folder_of_the_module_root()
    {
        var path = Path.Combine(TestEnvironment.ModuleDirectory, "en-US", "about_RfqSender.help.txt");
        var text = File.ReadAllText(path);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal("TOPIC", lines[0].TrimStart('\uFEFF'));
        Assert.Equal("about_RfqSender", lines[1].Trim());
        var shortDescription = lines.IndexOf("SHORT DESCRIPTION");
        Assert.True(shortDescription > 1, "no SHORT DESCRIPTION");
        Assert.False(string.IsNullOrWhiteSpace(lines[shortDescription + 1]), "empty SHORT DESCRIPTION");
        Assert.Contains("LONG DESCRIPTION", lines);
        Assert.All(lines, l => Assert.True(l.Length <= 100, $"line too long for a console: {l}"));
        using var metadata = new CmdletMetadata("core");
        Assert.All(metadata.Cmdlets, c => Assert.Contains(c.Name, text, StringComparison.Ordinal));
    }

    private static List<string> CodeLines(string code) =>
        code.Replace("\r\n", "\n").Split('\n')
            .Select(l => Regex.Replace(l.Trim(), @"\s+", " "))
            .Where(l => l.Length > 0)
            .ToList();

    private static bool ContainsRun(IReadOnlyList<string> lines, IReadOnlyList<string> run)
    {
        for (var start = 0; start + run.Count <= lines.Count; start++)
        {
            if (run.Select((l, i) => lines[start + i] == l).All(same => same))
            {
                return true;
            }
        }

        return false;
    }
}
