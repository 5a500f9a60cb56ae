using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>Messages for the MIME tests.</summary>
internal static class SampleMessages
{
    public static readonly DateTimeOffset Date = new(2026, 3, 3, 14, 5, 9, TimeSpan.FromHours(1));

    public static OutgoingMessage Create(
        string subject = "RFQ-2026-114: cable",
        string? text = "Hello,\nplease quote.\n",
        string? html = null,
        IReadOnlyList<EncodedAttachment>? attachments = null,
        IReadOnlyList<MailboxAddress>? to = null,
        IReadOnlyList<MailboxAddress>? cc = null,
        MailboxAddress? from = null,
        MailboxAddress? replyTo = null,
        string? messageId = null,
        IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var sender = from ?? MailboxAddress.Parse("Purchasing <purchasing@contoso.com>");
        return new OutgoingMessage(
            messageId ?? MessageIdFactory.Create("RFQ-2026-114", "V-001", sender),
            sender,
            replyTo,
            to ?? new[] { MailboxAddress.Parse("Anna Berg <anna@example.com>") },
            cc ?? Array.Empty<MailboxAddress>(),
            subject,
            text,
            html,
            Date,
            attachments ?? Array.Empty<EncodedAttachment>(),
            extraHeaders);
    }

    public static byte[] Write(OutgoingMessage message, MimeWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        new MimeMessageWriter(options).Write(message, stream);
        return stream.ToArray();
    }

    public static string WriteText(OutgoingMessage message, MimeWriterOptions? options = null) =>
        System.Text.Encoding.UTF8.GetString(Write(message, options));

    /// <summary>The header block, unfolded: one entry per field, in order.</summary>
    public static List<(string Name, string Value)> Headers(string message)
    {
        var block = message.Substring(0, message.IndexOf("\r\n\r\n", StringComparison.Ordinal));
        var unfolded = block.Replace("\r\n ", " ").Replace("\r\n\t", "\t");
        return unfolded.Split("\r\n")
            .Select(line => (line.Substring(0, line.IndexOf(':')), line.Substring(line.IndexOf(':') + 1).TrimStart()))
            .ToList();
    }

    public static IEnumerable<string> Lines(byte[] message) =>
        System.Text.Encoding.UTF8.GetString(message).Split("\r\n");
}
