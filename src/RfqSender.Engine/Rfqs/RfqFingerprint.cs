using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Rfqs;

/// <summary>
/// What an RFQ says to a vendor, reduced to one short hash per part (title, due date, sender,
/// subject, bodies, items, attachments by content, fields), so that a campaign can tell whether
/// the RFQ it is sending is the one its earlier vendors received, and which parts changed. Where the
/// file lies and where its attachments lie are not part of it; their content is.
/// </summary>
public sealed class RfqFingerprint
{
    private readonly SortedDictionary<string, string> _parts;

    private RfqFingerprint(SortedDictionary<string, string> parts)
    {
        _parts = parts;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var part in parts)
            {
                json.WriteString(part.Key, part.Value);
            }

            json.WriteEndObject();
        }

        Text = Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The fingerprint as kept in a store: a JSON object of part names and hashes.</summary>
    public string Text { get; }

    /// <summary>The fingerprint of an RFQ whose attachments were encoded as <paramref name="attachments"/>.</summary>
    public static RfqFingerprint Of(Rfq rfq, IReadOnlyList<EncodedAttachment> attachments)
    {
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = Hash(rfq.Title),
            ["dueDate"] = Hash(rfq.DueDate.ToString("o", CultureInfo.InvariantCulture)),
            ["from"] = Hash(rfq.From.ToString()),
            // Unchanged for an RFQ without plus-addressed replies, so existing campaigns keep their fingerprints.
            ["replyTo"] = Hash((rfq.ReplyTo?.ToString() ?? string.Empty) + (rfq.PlusAddressReplies ? "\n+token" : string.Empty)),
            ["subject"] = Hash(rfq.SubjectTemplate),
            ["body"] = Hash(rfq.BodyTextTemplate ?? string.Empty),
            ["bodyHtml"] = Hash(rfq.BodyHtmlTemplate ?? string.Empty),
            ["items"] = Hash(string.Join("\n", rfq.Items.Select(i =>
                string.Join("\t", i.Part, i.Description, i.Quantity.ToString(CultureInfo.InvariantCulture), i.Unit)))),
            ["attachments"] = Hash(string.Join("\n", attachments.Select(a => a.FileName + "\t" + HashBytes(a.GetContent())))),
            ["fields"] = Hash(string.Join("\n", rfq.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "\t" + f.Value))),
        };
        if (rfq.QuoteSheets != QuoteSheetKinds.None)
        {
            // Only when asked for: a campaign from before quote sheets keeps its fingerprint.
            parts["quoteSheet"] = Hash(rfq.QuoteSheets.ToString());
        }

        return new RfqFingerprint(parts);
    }

    /// <summary>
    /// The parts that differ from a fingerprint kept earlier (<see cref="Text"/>), e.g. <c>title, items</c>;
    /// empty when they are the same RFQ.
    /// </summary>
    public IReadOnlyList<string> ChangedSince(string earlier)
    {
        Dictionary<string, string> before;
        try
        {
            using var document = JsonDocument.Parse(earlier);
            before = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return _parts.Keys.ToList();
        }

        return _parts.Where(p => !before.TryGetValue(p.Key, out var hash) || hash != p.Value).Select(p => p.Key)
            .Concat(before.Keys.Where(k => !_parts.ContainsKey(k)))
            .ToList();
    }

    private static string Hash(string text) => HashBytes(Encoding.UTF8.GetBytes(text));

    private static string HashBytes(byte[] bytes)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(bytes);
        var hex = new StringBuilder(32);
        for (var i = 0; i < 16; i++)
        {
            hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
