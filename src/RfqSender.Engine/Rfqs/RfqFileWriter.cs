using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RfqSender.Engine.Rfqs;

/// <summary>Writes an RFQ as a YAML file that <see cref="RfqFileLoader"/> reads back (what New-Rfq -OutFile saves).</summary>
public static class RfqFileWriter
{
    /// <summary>Writes the RFQ to <paramref name="path"/> as UTF-8 YAML. Bodies are written inline; attachment paths are absolute.</summary>
    public static void Save(Rfq rfq, string path)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var writer = new StreamWriter(full, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(rfq, writer);
    }

    /// <summary>Writes the RFQ as YAML text.</summary>
    public static void Write(Rfq rfq, TextWriter writer)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        var root = new YamlMappingNode
        {
            { "number", Quoted(rfq.Number) },
            { "title", Quoted(rfq.Title) },
            { "dueDate", new YamlScalarNode(rfq.DueDate.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)) },
            { "from", Quoted(rfq.From.ToString()) },
        };
        if (rfq.ReplyTo is not null)
        {
            root.Add("replyTo", Quoted(rfq.ReplyTo.ToString()));
        }

        if (rfq.QuoteSheets != QuoteSheetKinds.None)
        {
            root.Add("quoteSheet", rfq.QuoteSheets.ToString().ToLowerInvariant());
        }

        if (rfq.PlusAddressReplies)
        {
            root.Add("plusAddressReplies", new YamlScalarNode("true"));
        }

        foreach (var field in rfq.Fields)
        {
            root.Add(field.Key, Quoted(field.Value));
        }

        root.Add("subject", Quoted(rfq.SubjectTemplate));
        if (rfq.BodyTextTemplate is not null)
        {
            root.Add("body", Block(rfq.BodyTextTemplate));
        }

        if (rfq.BodyHtmlTemplate is not null)
        {
            root.Add("bodyHtml", Block(rfq.BodyHtmlTemplate));
        }

        var items = new YamlSequenceNode();
        foreach (var item in rfq.Items)
        {
            var node = new YamlMappingNode { { "part", Quoted(item.Part) } };
            if (item.Description.Length > 0)
            {
                node.Add("description", Quoted(item.Description));
            }

            node.Add("quantity", new YamlScalarNode(item.Quantity.ToString(CultureInfo.InvariantCulture)));
            if (item.Unit.Length > 0)
            {
                node.Add("unit", Quoted(item.Unit));
            }

            items.Add(node);
        }

        root.Add("items", items);
        var attachments = new YamlSequenceNode();
        foreach (var attachment in rfq.Attachments)
        {
            attachments.Add(string.Equals(attachment.FileName, Path.GetFileName(attachment.Path), StringComparison.Ordinal)
                ? Quoted(attachment.Path)
                : new YamlMappingNode { { "path", Quoted(attachment.Path) }, { "name", Quoted(attachment.FileName) } });
        }

        root.Add("attachments", attachments);
        if (rfq.Reminder is { IsEmpty: false } reminder)
        {
            var section = new YamlMappingNode();
            if (reminder.Subject is not null)
            {
                section.Add("subject", Quoted(reminder.Subject));
            }

            if (reminder.Body is not null)
            {
                section.Add("body", Block(reminder.Body));
            }

            if (reminder.BodyHtml is not null)
            {
                section.Add("bodyHtml", Block(reminder.BodyHtml));
            }

            root.Add("reminder", section);
        }

        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
    }

    private static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    /// <summary>Multi-line templates read best as literal blocks, but YAML reads a block's CR LF back as LF, so CR LF text stays quoted.</summary>
    private static YamlScalarNode Block(string value) =>
        new(value) { Style = value.IndexOf('\n') >= 0 && value.IndexOf('\r') < 0 ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted };
}
