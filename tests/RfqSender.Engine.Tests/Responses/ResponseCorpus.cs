using System.Text;
using System.Text.Json;
using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

/// <summary>
/// The corpus of inbound messages (Responses/Corpus/*.eml) and its oracle (cases.json): the
/// campaign's deliveries, the secret their reference tokens were made with, and per file what
/// the classifier and matcher must make of it.
/// </summary>
public static class ResponseCorpus
{
    private static readonly Lazy<JsonDocument> Oracle = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "cases.json"), Encoding.UTF8)));

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Responses", "Corpus");

    public static JsonElement Root => Oracle.Value.RootElement;

    public static byte[] Secret => Encoding.UTF8.GetBytes(Root.GetProperty("secret").GetString()!);

    public static IReadOnlyList<ReplyCandidate> Deliveries =>
        Root.GetProperty("deliveries").EnumerateArray().Select(d => new ReplyCandidate
        {
            DeliveryId = d.GetProperty("deliveryId").GetInt64(),
            VendorKey = d.GetProperty("vendorKey").GetString()!,
            VendorName = d.GetProperty("vendorName").GetString()!,
            To = Strings(d.GetProperty("to")),
            Cc = Strings(d.GetProperty("cc")),
            MessageId = d.GetProperty("messageId").GetString()!,
            Reference = d.GetProperty("reference").GetString(),
        }).ToList();

    public static ReplyMatcherOptions Options => new()
    {
        ReferenceSecret = Secret,
        ReplyAddress = Root.GetProperty("replyAddress").GetString(),
        OwnDomains = new[] { "contoso.com" },
    };

    public static IEnumerable<JsonElement> Cases => Root.GetProperty("cases").EnumerateArray();

    public static JsonElement Case(string file) => Cases.Single(c => c.GetProperty("file").GetString() == file);

    public static InboundMessage Load(string file) => InboundMessage.LoadFile(Path.Combine(Folder, file));

    public static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
