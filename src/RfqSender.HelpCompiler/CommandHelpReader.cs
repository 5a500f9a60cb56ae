using System.Globalization;
using System.Text.RegularExpressions;

namespace RfqSender.HelpCompiler;

/// <summary>
/// Reads a cmdlet's help from a markdown file in the platyPS layout, and refuses a file that would
/// give incomplete help (no synopsis, a parameter without description or yaml block, fewer than
/// two examples...), naming the file and line.
/// </summary>
internal static class CommandHelpReader
{
    public const string CommonParametersHeading = "CommonParameters";

    private static readonly string[] RequiredSections = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };
    private static readonly Regex RelatedLinkLine = new(@"^\s*\[([^\]]+)\]\(([^)]*)\)\s*$", RegexOptions.Compiled);

    public static CommandHelp Read(string file) => Read(file, File.ReadAllText(file));

    public static CommandHelp Read(string file, string text)
    {
        var outline = MarkdownOutline.Parse(text);
        var title = outline.Root.Subsections.FirstOrDefault(s => s.Level == 1)
            ?? throw new HelpSourceException(file, 1, "no '# Verb-Noun' title");
        var name = title.Heading;
        if (!Regex.IsMatch(name, @"^[A-Za-z]+-[A-Za-z]+$"))
        {
            throw new HelpSourceException(file, title.Line, $"the title '{name}' is not a cmdlet name (Verb-Noun)");
        }

        foreach (var required in RequiredSections)
        {
            if (title.Subsection(required) is null)
            {
                throw new HelpSourceException(file, title.Line, $"{name} has no '## {required}' section");
            }
        }

        MarkdownSection Section(string heading) => title.Subsection(heading)!;

        var synopsis = Paragraphs(Section("SYNOPSIS"));
        Require(synopsis.Count > 0, file, Section("SYNOPSIS").Line, $"{name}: the SYNOPSIS is empty");
        var description = Paragraphs(Section("DESCRIPTION"));
        Require(description.Count > 0, file, Section("DESCRIPTION").Line, $"{name}: the DESCRIPTION is empty");

        var parameters = ReadParameters(file, name, Section("PARAMETERS"));
        var syntax = ReadSyntax(file, name, Section("SYNTAX"));
        foreach (var parameter in parameters)
        {
            foreach (var usage in parameter.Usages)
            {
                foreach (var set in usage.Sets.Where(s => s != ParameterUsage.AllSets))
                {
                    Require(
                        syntax.Any(b => string.Equals(b.SetName, set, StringComparison.OrdinalIgnoreCase)),
                        file,
                        Section("PARAMETERS").Line,
                        $"{name}: -{parameter.Name} names the parameter set '{set}', which has no block in SYNTAX ({string.Join(", ", syntax.Select(b => b.SetName))})");
                }
            }
        }

        var examples = ReadExamples(file, name, Section("EXAMPLES"));
        return new CommandHelp
        {
            SourceFile = file,
            Name = name,
            OnlineVersion = outline.FrontMatter.TryGetValue("online version", out var online) ? online : string.Empty,
            Synopsis = synopsis,
            Description = description,
            Syntax = syntax,
            Parameters = parameters,
            Examples = examples,
            Inputs = ReadTypes(file, name, Section("INPUTS")),
            Outputs = ReadTypes(file, name, Section("OUTPUTS")),
            Notes = Paragraphs(Section("NOTES")),
            RelatedLinks = ReadRelatedLinks(Section("RELATED LINKS")),
        };
    }

    private static IReadOnlyList<string> Paragraphs(MarkdownSection section) => MarkdownParagraphs.From(section.Body);

    private static void Require(bool condition, string file, int line, string problem)
    {
        if (!condition)
        {
            throw new HelpSourceException(file, line, problem);
        }
    }

    private static IReadOnlyList<SyntaxBlock> ReadSyntax(string file, string name, MarkdownSection section)
    {
        if (section.Subsections.Count == 0)
        {
            var blocks = section.CodeBlocks();
            Require(blocks.Count == 1, file, section.Line, $"{name}: SYNTAX needs one code block, or a '### SetName' with one code block per parameter set");
            return new[] { new SyntaxBlock(ParameterUsage.AllSets, true, blocks[0].Code.Trim(), blocks[0].Line) };
        }

        var result = new List<SyntaxBlock>();
        foreach (var set in section.Subsections)
        {
            var blocks = set.CodeBlocks();
            Require(blocks.Count == 1, file, set.Line, $"{name}: the SYNTAX block of '{set.Heading}' needs exactly one code block");
            var isDefault = set.Heading.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
            var setName = isDefault ? set.Heading.Substring(0, set.Heading.Length - "(Default)".Length).Trim() : set.Heading;
            result.Add(new SyntaxBlock(setName, isDefault, blocks[0].Code.Trim(), blocks[0].Line));
        }

        return result;
    }

    private static IReadOnlyList<ParameterHelp> ReadParameters(string file, string name, MarkdownSection section)
    {
        var result = new List<ParameterHelp>();
        foreach (var sub in section.Subsections)
        {
            if (string.Equals(sub.Heading, CommonParametersHeading, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Require(sub.Heading.StartsWith("-", StringComparison.Ordinal) && sub.Heading.Length > 1, file, sub.Line, $"{name}: a parameter heading must be '### -Name', not '### {sub.Heading}'");
            var parameterName = sub.Heading.Substring(1).Trim();
            Require(result.All(p => !string.Equals(p.Name, parameterName, StringComparison.OrdinalIgnoreCase)), file, sub.Line, $"{name}: -{parameterName} is described twice");
            var description = MarkdownParagraphs.From(sub.ProseLines());
            Require(description.Count > 0, file, sub.Line, $"{name}: -{parameterName} has no description");
            var yaml = sub.CodeBlocks().Where(b => b.Info == "yaml").ToList();
            Require(yaml.Count > 0, file, sub.Line, $"{name}: -{parameterName} has no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters)");
            result.Add(new ParameterHelp
            {
                Name = parameterName,
                Description = description,
                Usages = yaml.Select(b => ReadUsage(file, name, parameterName, b.Code, b.Line)).ToList(),
            });
        }

        Require(result.Count > 0, file, section.Line, $"{name}: PARAMETERS describes no parameter");
        return result;
    }

    private static ParameterUsage ReadUsage(string file, string name, string parameter, string yaml, int line)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in yaml.Split('\n'))
        {
            var colon = entry.IndexOf(':');
            if (colon > 0)
            {
                values[entry.Substring(0, colon).Trim()] = entry.Substring(colon + 1).Trim();
            }
        }

        string Value(string key)
        {
            Require(values.ContainsKey(key), file, line, $"{name}: the yaml block of -{parameter} has no '{key}:'");
            return values[key];
        }

        bool Flag(string key)
        {
            var text = Value(key);
            Require(text is "True" or "False" or "true" or "false", file, line, $"{name}: -{parameter} '{key}: {text}' must be True or False");
            return bool.Parse(text);
        }

        static IReadOnlyList<string> List(string text) =>
            text.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

        var position = Value("Position");
        int? at = null;
        if (!string.Equals(position, "Named", StringComparison.OrdinalIgnoreCase))
        {
            Require(int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var number), file, line, $"{name}: -{parameter} 'Position: {position}' must be Named or a number");
            at = number;
        }

        var pipeline = Value("Accept pipeline input");
        Require(
            pipeline is "False" or "True (ByValue)" or "True (ByPropertyName)" or "True (ByPropertyName, ByValue)",
            file,
            line,
            $"{name}: -{parameter} 'Accept pipeline input: {pipeline}' must be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue)");
        var type = Value("Type");
        Require(type.Length > 0, file, line, $"{name}: -{parameter} has an empty Type");
        var sets = List(Value("Parameter Sets"));
        Require(sets.Count > 0, file, line, $"{name}: -{parameter} has no Parameter Sets (write (All) for every set)");
        return new ParameterUsage
        {
            Type = type,
            Sets = sets,
            Aliases = List(Value("Aliases")),
            AcceptedValues = values.TryGetValue("Accepted values", out var accepted) ? List(accepted) : Array.Empty<string>(),
            Required = Flag("Required"),
            Position = at,
            DefaultValue = Value("Default value") is { Length: > 0 } defaultValue ? defaultValue : "None",
            PipelineInput = pipeline,
            Globbing = Flag("Accept wildcard characters"),
        };
    }

    private static IReadOnlyList<ExampleHelp> ReadExamples(string file, string name, MarkdownSection section)
    {
        var result = new List<ExampleHelp>();
        foreach (var sub in section.Subsections)
        {
            var code = sub.CodeBlocks();
            Require(code.Count > 0, file, sub.Line, $"{name}: '{sub.Heading}' has no code block");
            Require(code.All(c => c.Code.Trim().Length > 0), file, sub.Line, $"{name}: '{sub.Heading}' has an empty code block");
            var remarks = MarkdownParagraphs.From(sub.ProseLines(before: false));
            Require(remarks.Count > 0, file, sub.Line, $"{name}: '{sub.Heading}' does not explain its code (text after the code block)");
            result.Add(new ExampleHelp(
                sub.Heading,
                MarkdownParagraphs.From(sub.ProseLines(after: false)),
                string.Join("\n\n", code.Select(c => c.Code.TrimEnd())),
                remarks));
        }

        Require(result.Count >= 2, file, section.Line, $"{name}: EXAMPLES needs at least two examples, it has {result.Count}");
        return result;
    }

    private static IReadOnlyList<TypeHelp> ReadTypes(string file, string name, MarkdownSection section)
    {
        Require(section.Subsections.Count > 0, file, section.Line, $"{name}: {section.Heading} names no type (### TypeName, or ### None)");
        return section.Subsections.Select(s => new TypeHelp(s.Heading, MarkdownParagraphs.From(s.Body))).ToList();
    }

    private static IReadOnlyList<RelatedLink> ReadRelatedLinks(MarkdownSection section) =>
        section.Body
            .Select(l => RelatedLinkLine.Match(l.Text))
            .Where(m => m.Success)
            .Select(m => new RelatedLink(m.Groups[1].Value, IsWebAddress(m.Groups[2].Value) ? m.Groups[2].Value : string.Empty))
            .ToList();

    private static bool IsWebAddress(string target) =>
        target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
