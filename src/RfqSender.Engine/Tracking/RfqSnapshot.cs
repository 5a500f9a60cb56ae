using System.Globalization;
using System.Text;
using System.Text.Json;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Tracking;

/// <summary>The JSON form of an RFQ kept with its campaign, so a campaign can be resumed without its file.</summary>
internal static class RfqSnapshot
{
    public static string Serialize(Rfq rfq)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("number", rfq.Number);
            json.WriteString("title", rfq.Title);
            json.WriteString("dueDate", rfq.DueDate.ToString("o", CultureInfo.InvariantCulture));
            json.WriteString("from", rfq.From.ToString());
            if (rfq.ReplyTo is not null)
            {
                json.WriteString("replyTo", rfq.ReplyTo.ToString());
            }

            if (rfq.QuoteSheets != QuoteSheetKinds.None)
            {
                json.WriteString("quoteSheet", rfq.QuoteSheets.ToString());
            }

            if (rfq.PlusAddressReplies)
            {
                json.WriteBoolean("plusAddressReplies", true);
            }

            json.WriteString("subject", rfq.SubjectTemplate);
            WriteOptional(json, "body", rfq.BodyTextTemplate);
            WriteOptional(json, "bodyHtml", rfq.BodyHtmlTemplate);
            WriteOptional(json, "source", rfq.Source);
            json.WriteStartArray("items");
            foreach (var item in rfq.Items)
            {
                json.WriteStartObject();
                json.WriteString("part", item.Part);
                json.WriteString("description", item.Description);
                json.WriteNumber("quantity", item.Quantity);
                json.WriteString("unit", item.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("attachments");
            foreach (var attachment in rfq.Attachments)
            {
                json.WriteStartObject();
                json.WriteString("path", attachment.Path);
                json.WriteString("fileName", attachment.FileName);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (rfq.Reminder is { IsEmpty: false } reminder)
            {
                json.WriteStartObject("reminder");
                WriteOptional(json, "subject", reminder.Subject);
                WriteOptional(json, "body", reminder.Body);
                WriteOptional(json, "bodyHtml", reminder.BodyHtml);
                json.WriteEndObject();
            }

            json.WriteStartObject("fields");
            foreach (var field in rfq.Fields)
            {
                json.WriteString(field.Key, field.Value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static Rfq Deserialize(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var items = root.GetProperty("items").EnumerateArray()
            .Select(i => new LineItem(
                i.GetProperty("part").GetString()!,
                i.GetProperty("description").GetString(),
                i.GetProperty("quantity").GetDecimal(),
                i.GetProperty("unit").GetString()))
            .ToList();
        var attachments = root.GetProperty("attachments").EnumerateArray()
            .Select(a => new RfqAttachment(a.GetProperty("path").GetString()!, a.GetProperty("fileName").GetString()))
            .ToList();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in root.GetProperty("fields").EnumerateObject())
        {
            fields[field.Name] = field.Value.GetString() ?? string.Empty;
        }

        var rfq = new Rfq(
            root.GetProperty("number").GetString()!,
            root.GetProperty("title").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("dueDate").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            MailboxAddress.Parse(root.GetProperty("from").GetString()!),
            root.TryGetProperty("replyTo", out var replyTo) ? MailboxAddress.Parse(replyTo.GetString()!) : null,
            root.GetProperty("subject").GetString()!,
            Optional(root, "body"),
            Optional(root, "bodyHtml"),
            items,
            attachments,
            fields,
            Optional(root, "source"))
        {
            Reminder = root.TryGetProperty("reminder", out var reminder)
                ? new RfqReminderTemplates(Optional(reminder, "subject"), Optional(reminder, "body"), Optional(reminder, "bodyHtml"))
                : null,
            PlusAddressReplies = root.TryGetProperty("plusAddressReplies", out var plus) && plus.ValueKind == JsonValueKind.True,
        };
        return root.TryGetProperty("quoteSheet", out var sheets)
            ? rfq.WithQuoteSheets((QuoteSheetKinds)Enum.Parse(typeof(QuoteSheetKinds), sheets.GetString()!))
            : rfq;
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.GetString() : null;
}
