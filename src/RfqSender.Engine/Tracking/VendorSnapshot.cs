using System.Text;
using System.Text.Json;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tracking;

/// <summary>
/// The JSON form of a vendor kept with its delivery, so a campaign can be resumed, retried or
/// reported on without the original vendor file.
/// </summary>
internal static class VendorSnapshot
{
    public static string Serialize(Vendor vendor)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("key", vendor.Key);
            json.WriteString("name", vendor.Name);
            if (vendor.Source is not null)
            {
                json.WriteString("source", vendor.Source);
            }

            json.WriteStartArray("contacts");
            foreach (var contact in vendor.Contacts)
            {
                json.WriteStartObject();
                json.WriteString("mailbox", contact.Mailbox.ToString());
                json.WriteString("role", contact.Role.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("categories");
            foreach (var category in vendor.Categories)
            {
                json.WriteStringValue(category);
            }

            json.WriteEndArray();
            json.WriteStartObject("fields");
            foreach (var field in vendor.Fields)
            {
                json.WriteString(field.Key, field.Value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads a snapshot back, or says why it cannot be (a value stored by an earlier version that the
    /// current rules refuse, or a damaged row), so one unreadable vendor fails alone.
    /// </summary>
    public static bool TryDeserialize(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Vendor? vendor, out string problem)
    {
        try
        {
            vendor = Deserialize(text);
            problem = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or ArgumentException or InvalidOperationException)
        {
            vendor = null;
            problem = "the vendor as registered cannot be read back: " + ex.Message;
            return false;
        }
    }

    public static Vendor Deserialize(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var contacts = root.GetProperty("contacts").EnumerateArray()
            .Select(c => new VendorContact(
                MailboxAddress.Parse(c.GetProperty("mailbox").GetString()!),
                (ContactRole)Enum.Parse(typeof(ContactRole), c.GetProperty("role").GetString()!)))
            .ToList();
        var categories = root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToList();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in root.GetProperty("fields").EnumerateObject())
        {
            fields[field.Name] = field.Value.GetString() ?? string.Empty;
        }

        var source = root.TryGetProperty("source", out var s) ? s.GetString() : null;
        return new Vendor(root.GetProperty("key").GetString()!, root.GetProperty("name").GetString()!, contacts, categories, fields, source);
    }
}
