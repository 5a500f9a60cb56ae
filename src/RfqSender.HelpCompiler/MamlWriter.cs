using System.Xml;

namespace RfqSender.HelpCompiler;

/// <summary>
/// Writes cmdlet help as MAML, the XML that Get-Help reads from &lt;assembly&gt;.dll-Help.xml
/// (helpItems / command:command, laid out as platyPS's New-ExternalHelp writes it).
/// </summary>
internal static class MamlWriter
{
    private const string Msh = "http://msh";
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private const string MsHelp = "http://msdn.microsoft.com/mshelp";

    public static void Write(IEnumerable<CommandHelp> commands, Stream output)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new System.Text.UTF8Encoding(false), NewLineChars = "\n" };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("helpItems", Msh);
        xml.WriteAttributeString("schema", "maml");
        foreach (var command in commands)
        {
            WriteCommand(xml, command);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCommand(XmlWriter xml, CommandHelp command)
    {
        xml.WriteStartElement("command", "command", Command);
        xml.WriteAttributeString("xmlns", "maml", null, Maml);
        xml.WriteAttributeString("xmlns", "command", null, Command);
        xml.WriteAttributeString("xmlns", "dev", null, Dev);
        xml.WriteAttributeString("xmlns", "MSHelp", null, MsHelp);

        xml.WriteStartElement("command", "details", Command);
        xml.WriteElementString("command", "name", Command, command.Name);
        xml.WriteElementString("command", "verb", Command, command.Verb);
        xml.WriteElementString("command", "noun", Command, command.Noun);
        WriteDescription(xml, command.Synopsis);
        xml.WriteEndElement();

        WriteDescription(xml, command.Description);

        xml.WriteStartElement("command", "syntax", Command);
        foreach (var block in command.Syntax)
        {
            xml.WriteStartElement("command", "syntaxItem", Command);
            xml.WriteElementString("maml", "name", Maml, command.Name);
            foreach (var (parameter, usage) in command.ParametersOf(block.SetName))
            {
                WriteParameter(xml, parameter, usage);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("command", "parameters", Command);
        foreach (var parameter in command.Parameters)
        {
            WriteParameter(xml, parameter, parameter.Usages[0]);
        }

        xml.WriteEndElement();

        WriteTypes(xml, "inputTypes", "inputType", command.Inputs);
        WriteTypes(xml, "returnValues", "returnValue", command.Outputs);

        xml.WriteStartElement("maml", "alertSet", Maml);
        xml.WriteStartElement("maml", "alert", Maml);
        WriteParagraphs(xml, command.Notes);
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("command", "examples", Command);
        var number = 0;
        foreach (var example in command.Examples)
        {
            number++;
            xml.WriteStartElement("command", "example", Command);
            xml.WriteElementString("maml", "title", Maml, ExampleTitle(example.Title, number));
            if (example.Introduction.Count > 0)
            {
                xml.WriteStartElement("maml", "introduction", Maml);
                WriteParagraphs(xml, example.Introduction);
                xml.WriteEndElement();
            }

            xml.WriteElementString("dev", "code", Dev, example.Code);
            xml.WriteStartElement("dev", "remarks", Dev);
            WriteParagraphs(xml, example.Remarks);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("command", "relatedLinks", Command);
        var links = command.OnlineVersion.Length > 0
            ? new[] { new RelatedLink("Online Version:", command.OnlineVersion) }.Concat(command.RelatedLinks)
            : command.RelatedLinks;
        foreach (var link in links)
        {
            xml.WriteStartElement("maml", "navigationLink", Maml);
            xml.WriteElementString("maml", "linkText", Maml, link.Text);
            xml.WriteElementString("maml", "uri", Maml, link.Uri);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteParameter(XmlWriter xml, ParameterHelp parameter, ParameterUsage usage)
    {
        xml.WriteStartElement("command", "parameter", Command);
        xml.WriteAttributeString("required", usage.Required ? "true" : "false");
        xml.WriteAttributeString("variableLength", "true");
        xml.WriteAttributeString("globbing", usage.Globbing ? "true" : "false");
        xml.WriteAttributeString("pipelineInput", usage.PipelineInput);
        xml.WriteAttributeString("position", usage.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named");
        xml.WriteAttributeString("aliases", usage.Aliases.Count == 0 ? "none" : string.Join(", ", usage.Aliases));
        xml.WriteElementString("maml", "name", Maml, parameter.Name);
        WriteDescription(xml, parameter.Description);
        if (usage.AcceptedValues.Count > 0)
        {
            xml.WriteStartElement("command", "parameterValueGroup", Command);
            foreach (var value in usage.AcceptedValues)
            {
                xml.WriteStartElement("command", "parameterValue", Command);
                xml.WriteAttributeString("required", "false");
                xml.WriteAttributeString("command", "variableLength", Command, "false");
                xml.WriteString(value);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        if (!usage.IsSwitch)
        {
            xml.WriteStartElement("command", "parameterValue", Command);
            xml.WriteAttributeString("required", "true");
            xml.WriteAttributeString("variableLength", "false");
            xml.WriteString(usage.Type);
            xml.WriteEndElement();
        }

        xml.WriteStartElement("dev", "type", Dev);
        xml.WriteElementString("maml", "name", Maml, usage.Type);
        xml.WriteElementString("maml", "uri", Maml, string.Empty);
        xml.WriteEndElement();
        xml.WriteElementString("dev", "defaultValue", Dev, usage.DefaultValue);
        xml.WriteEndElement();
    }

    private static void WriteTypes(XmlWriter xml, string listName, string itemName, IEnumerable<TypeHelp> types)
    {
        xml.WriteStartElement("command", listName, Command);
        foreach (var type in types)
        {
            xml.WriteStartElement("command", itemName, Command);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, type.TypeName);
            xml.WriteEndElement();
            WriteDescription(xml, type.Description);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteDescription(XmlWriter xml, IReadOnlyList<string> paragraphs)
    {
        xml.WriteStartElement("maml", "description", Maml);
        WriteParagraphs(xml, paragraphs);
        xml.WriteEndElement();
    }

    private static void WriteParagraphs(XmlWriter xml, IReadOnlyList<string> paragraphs)
    {
        if (paragraphs.Count == 0)
        {
            xml.WriteElementString("maml", "para", Maml, string.Empty);
        }

        foreach (var paragraph in paragraphs)
        {
            xml.WriteElementString("maml", "para", Maml, paragraph);
        }
    }

    /// <summary>The title as Get-Help shows it, centred in dashes like platyPS: "---- Example 1: Preview a send ----".</summary>
    private static string ExampleTitle(string heading, int number)
    {
        var title = heading.StartsWith("Example", StringComparison.OrdinalIgnoreCase) ? heading : $"Example {number}: {heading}";
        var padding = Math.Max(4, (64 - title.Length - 2) / 2);
        var dashes = new string('-', padding);
        return $"{dashes} {title} {dashes}";
    }
}
