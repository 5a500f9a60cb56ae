using System.Text.Json;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports.Graph;

/// <summary>
/// The JSON bodies of Graph's message resource: a draft or a <c>sendMail</c> message built from
/// an <see cref="OutgoingMessage"/>, file attachments, and upload-session requests.
/// </summary>
internal static class GraphMessageJson
{
    /// <summary>MAPI PidTagDeleteAfterSubmit: the sent message is not kept in Sent Items.</summary>
    private const string DeleteAfterSubmitProperty = "Boolean 0x0E01";

    public static byte[] SendMail(OutgoingMessage message, string mailbox, bool saveToSentItems) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("message");
        WriteMessage(writer, message, mailbox, message.Attachments, deleteAfterSubmit: false);
        writer.WriteBoolean("saveToSentItems", saveToSentItems);
        writer.WriteEndObject();
    });

    public static byte[] Draft(OutgoingMessage message, string mailbox, IReadOnlyList<EncodedAttachment> inlineAttachments, bool deleteAfterSubmit) =>
        Write(writer => WriteMessage(writer, message, mailbox, inlineAttachments, deleteAfterSubmit));

    public static byte[] FileAttachment(EncodedAttachment attachment) => Write(writer => WriteAttachment(writer, attachment));

    public static byte[] UploadSession(EncodedAttachment attachment) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("AttachmentItem");
        writer.WriteStartObject();
        writer.WriteString("attachmentType", "file");
        writer.WriteString("name", attachment.FileName);
        writer.WriteNumber("size", attachment.Length);
        writer.WriteString("contentType", attachment.ContentType);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>The base64 size of an attachment in a JSON body.</summary>
    public static long InlineSize(EncodedAttachment attachment) => ((attachment.Length + 2) / 3 * 4) + 512;

    private static void WriteMessage(Utf8JsonWriter writer, OutgoingMessage message, string mailbox, IEnumerable<EncodedAttachment> attachments, bool deleteAfterSubmit)
    {
        writer.WriteStartObject();
        writer.WriteString("subject", message.Subject);
        writer.WritePropertyName("body");
        writer.WriteStartObject();

        // A Graph message has one body: HTML when there is one, as a mail client would show.
        writer.WriteString("contentType", message.HtmlBody is null ? "text" : "html");
        writer.WriteString("content", message.HtmlBody ?? message.TextBody);
        writer.WriteEndObject();
        if (!string.Equals(message.From.Address, mailbox, StringComparison.OrdinalIgnoreCase))
        {
            writer.WritePropertyName("from");
            WriteRecipient(writer, message.From);
        }

        WriteRecipients(writer, "toRecipients", message.To);
        WriteRecipients(writer, "ccRecipients", message.Cc);
        if (message.Bcc.Count > 0)
        {
            WriteRecipients(writer, "bccRecipients", message.Bcc);
        }
        if (message.ReplyTo is not null)
        {
            WriteRecipients(writer, "replyTo", new[] { message.ReplyTo });
        }

        writer.WriteString("internetMessageId", "<" + message.MessageId + ">");
        var custom = message.ExtraHeaders.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase)).ToList();
        if (custom.Count > 0)
        {
            writer.WritePropertyName("internetMessageHeaders");
            writer.WriteStartArray();
            foreach (var header in custom)
            {
                writer.WriteStartObject();
                writer.WriteString("name", header.Key);
                writer.WriteString("value", header.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var list = attachments.ToList();
        if (list.Count > 0)
        {
            writer.WritePropertyName("attachments");
            writer.WriteStartArray();
            foreach (var attachment in list)
            {
                WriteAttachment(writer, attachment);
            }

            writer.WriteEndArray();
        }

        if (deleteAfterSubmit)
        {
            writer.WritePropertyName("singleValueExtendedProperties");
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("id", DeleteAfterSubmitProperty);
            writer.WriteString("value", "true");
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteAttachment(Utf8JsonWriter writer, EncodedAttachment attachment)
    {
        writer.WriteStartObject();
        writer.WriteString("@odata.type", "#microsoft.graph.fileAttachment");
        writer.WriteString("name", attachment.FileName);
        writer.WriteString("contentType", attachment.ContentType);
        writer.WriteBase64String("contentBytes", attachment.GetContent());
        writer.WriteEndObject();
    }

    private static void WriteRecipients(Utf8JsonWriter writer, string name, IEnumerable<MailboxAddress> addresses)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var address in addresses)
        {
            WriteRecipient(writer, address);
        }

        writer.WriteEndArray();
    }

    private static void WriteRecipient(Utf8JsonWriter writer, MailboxAddress address)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("emailAddress");
        writer.WriteStartObject();
        if (address.DisplayName is not null)
        {
            writer.WriteString("name", address.DisplayName);
        }

        writer.WriteString("address", address.Address);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }
}
