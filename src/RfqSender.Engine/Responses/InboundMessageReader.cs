using System.Text;
using MimeKit;
using MimeKit.Text;

namespace RfqSender.Engine.Responses;

/// <summary>
/// Turns MimeKit's parse of a message into an <see cref="InboundMessage"/>: the one place that
/// knows MimeKit's types, so none of them reach the engine's public API.
/// </summary>
internal static class InboundMessageReader
{
    private static readonly string[] DeliveredToFields = { "Delivered-To", "X-Original-To", "Envelope-To" };

    public static InboundMessage Read(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        try
        {
            mime = MimeMessage.Load(ParserOptions.Default, stream, cancellationToken);
        }
        catch (FormatException e)
        {
            throw new InboundMessageException(sourceName, "not a readable message: " + e.Message, e);
        }

        var (plain, html) = FindBody(mime.Body);
        var attachments = new List<InboundAttachment>();
        CollectAttachments(mime.Body, attachments, inRelated: false);
        var returned = FindReturnedMessage(mime.Body);
        var report = FindDeliveryStatus(mime.Body);
        var headers = mime.Headers.Select(h => new InboundHeader(h.Field, h.Value ?? string.Empty)).ToList();
        string? First(string name) => headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

        return new InboundMessage
        {
            MessageId = Clean(mime.MessageId),
            InReplyTo = Clean(mime.InReplyTo),
            References = mime.References.Select(Clean).Where(id => id is not null).Select(id => id!).ToList(),
            From = ToAddresses(mime.From).FirstOrDefault(),
            Sender = mime.Sender is null ? null : new InboundAddress(mime.Sender.Name, mime.Sender.Address ?? string.Empty),
            ReplyTo = ToAddresses(mime.ReplyTo),
            To = ToAddresses(mime.To),
            Cc = ToAddresses(mime.Cc),
            DeliveredTo = headers
                .Where(h => DeliveredToFields.Any(f => string.Equals(f, h.Name, StringComparison.OrdinalIgnoreCase)))
                .Select(h => h.Value.Trim().Trim('<', '>').Trim())
                .Where(v => v.Length > 0)
                .ToList(),
            Subject = mime.Subject ?? string.Empty,
            Date = mime.Headers.Contains(HeaderId.Date) && mime.Date != DateTimeOffset.MinValue ? mime.Date : null,
            AutoResponse = new AutoResponseHeaders
            {
                AutoSubmitted = First("Auto-Submitted"),
                Precedence = First("Precedence"),
                ReturnPath = First("Return-Path"),
                AutoResponseSuppress = First("X-Auto-Response-Suppress"),
                ExchangeInboxRulesLoop = First("X-MS-Exchange-Inbox-Rules-Loop"),
                ExchangeGeneratedMessageSource = First("X-MS-Exchange-Generated-Message-Source"),
                ExchangeIsNdr = First("X-MS-Exchange-Message-Is-Ndr") is not null,
                AutoReply = First("X-Autoreply") ?? First("X-Autorespond") ?? First("X-Autoresponder"),
                ListId = First("List-Id"),
                ListPost = First("List-Post"),
                ListUnsubscribe = First("List-Unsubscribe"),
                MailingList = First("Mailing-List"),
            },
            Headers = headers,
            ContentType = mime.Body?.ContentType.MimeType.ToLowerInvariant() ?? "text/plain",
            TextBody = plain ?? (html is null ? string.Empty : HtmlText.ToText(html)),
            TextFromHtml = plain is null && html is not null,
            Attachments = attachments,
            DeliveryReport = report?.WithOriginal(Clean(returned?.MessageId), returned?.Subject),
            ReturnedMessageId = Clean(returned?.MessageId) ?? DispositionOriginalId(mime.Body),
            ReportType = Walk(mime.Body).OfType<MultipartReport>().FirstOrDefault()?.ReportType?.Trim().ToLowerInvariant(),
            ReturnedSubject = returned?.Subject,
        };
    }

    private static string? Clean(string? messageId)
    {
        var id = (messageId ?? string.Empty).Trim();
        if (id.Length > 1 && id[0] == '<' && id[id.Length - 1] == '>')
        {
            id = id.Substring(1, id.Length - 2).Trim();
        }

        return id.Length == 0 ? null : id;
    }

    private static List<InboundAddress> ToAddresses(InternetAddressList list) =>
        list.Mailboxes
            .Where(m => !string.IsNullOrWhiteSpace(m.Address))
            .Select(m => new InboundAddress(m.Name, m.Address))
            .ToList();

    /// <summary>The body's plain text and HTML: an alternative offers both; the parts of a mixed body are joined (Apple Mail splits text around inline files).</summary>
    private static (string? Plain, string? Html) FindBody(MimeEntity? entity)
    {
        switch (entity)
        {
            case TextPart text when IsBodyText(text):
                return text.IsHtml ? (null, text.Text) : text.IsPlain ? (PlainText(text), null) : (null, null);
            case MultipartReport report:
                return report.Count > 0 ? FindBody(report[0]) : (null, null);
            case MultipartAlternative alternative:
            {
                string? plain = null, html = null;
                foreach (var child in alternative)
                {
                    var (p, h) = FindBody(child);
                    plain ??= p;
                    html ??= h;
                }

                return (plain, html);
            }

            case MultipartRelated related:
                return related.Root is null ? (null, null) : FindBody(related.Root);
            case Multipart multipart:
            {
                var plains = new List<string>();
                var htmls = new List<string>();
                foreach (var child in multipart)
                {
                    var (p, h) = FindBody(child);
                    if (p is not null)
                    {
                        plains.Add(p);
                    }

                    if (h is not null)
                    {
                        htmls.Add(h);
                    }
                }

                return (plains.Count == 0 ? null : string.Join("\n", plains), htmls.Count == 0 ? null : string.Join("\n", htmls));
            }

            default:
                return (null, null);
        }
    }

    private static bool IsBodyText(TextPart text) => !text.IsAttachment && string.IsNullOrEmpty(text.FileName);

    private static string PlainText(TextPart text)
    {
        var value = text.Text ?? string.Empty;
        if (!text.IsFlowed)
        {
            return value;
        }

        var delsp = text.ContentType.Parameters.TryGetValue("delsp", out string? d) && string.Equals(d, "yes", StringComparison.OrdinalIgnoreCase);

        // RFC 3676 4.3: the signature separator "-- " is not a flowed line, but FlowedToText joins it to the next.
        value = string.Join("\n", TextLines.Split(value).Select(line => line == "-- " ? "--" : line));
        return new FlowedToText { DeleteSpace = delsp }.Convert(value);
    }

    private static void CollectAttachments(MimeEntity? entity, List<InboundAttachment> attachments, bool inRelated)
    {
        switch (entity)
        {
            case MultipartReport report:
                // Only the human-readable part can carry the sender's files; the rest is the report and the returned message.
                if (report.Count > 0)
                {
                    CollectAttachments(report[0], attachments, inRelated);
                }

                break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    CollectAttachments(child, attachments, inRelated || multipart is MultipartRelated);
                }

                break;
            case MessagePart message:
                using (var buffer = new MemoryStream())
                {
                    message.Message?.WriteTo(buffer);
                    var name = message.ContentDisposition?.FileName ?? message.ContentType.Name
                        ?? (string.IsNullOrWhiteSpace(message.Message?.Subject) ? null : message.Message!.Subject + ".eml");
                    attachments.Add(new InboundAttachment(name, "message/rfc822", buffer.ToArray(), IsInline(message, inRelated), attachments.Count + 1));
                }

                break;
            case TextPart text when IsBodyText(text):
                break;
            case MimePart part:
                using (var buffer = new MemoryStream())
                {
                    part.Content?.DecodeTo(buffer);
                    attachments.Add(new InboundAttachment(part.FileName, part.ContentType.MimeType, buffer.ToArray(), IsInline(part, inRelated), attachments.Count + 1));
                }

                break;
        }
    }

    private static bool IsInline(MimeEntity entity, bool inRelated) =>
        entity.ContentDisposition is null
            ? inRelated
            : string.Equals(entity.ContentDisposition.Disposition, ContentDisposition.Inline, StringComparison.OrdinalIgnoreCase);

    private static MimeMessage? FindReturnedMessage(MimeEntity? entity)
    {
        foreach (var part in Walk(entity))
        {
            if (part is MessagePart { Message: not null } message)
            {
                return message.Message;
            }
        }

        return null;
    }

    private static DeliveryStatusReport? FindDeliveryStatus(MimeEntity? entity)
    {
        var status = Walk(entity).OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (status is null)
        {
            return null;
        }

        List<IReadOnlyList<InboundHeader>> groups;
        try
        {
            groups = status.StatusGroups
                .Select(g => (IReadOnlyList<InboundHeader>)g.Select(h => new InboundHeader(h.Field, h.Value ?? string.Empty)).ToList())
                .ToList();
        }
        catch (FormatException)
        {
            groups = ReadGroupsLeniently(status);
        }

        return DeliveryStatusParser.Parse(groups, DeliveryReportSource.DeliveryStatusPart);
    }

    /// <summary>A report MimeKit refuses (some servers write it loosely): its fields read line by line, groups split at blank lines.</summary>
    private static List<IReadOnlyList<InboundHeader>> ReadGroupsLeniently(MimePart status)
    {
        using var buffer = new MemoryStream();
        status.Content?.DecodeTo(buffer);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        return DeliveryStatusParser.ReadFieldGroups(text);
    }

    /// <summary>The <c>Original-Message-ID</c> of a read receipt's <c>message/disposition-notification</c> part (RFC 8098), or null.</summary>
    private static string? DispositionOriginalId(MimeEntity? entity)
    {
        var notification = Walk(entity).OfType<MessageDispositionNotification>().FirstOrDefault();
        try
        {
            return Clean(notification?.Fields["Original-Message-ID"]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IEnumerable<MimeEntity> Walk(MimeEntity? entity)
    {
        if (entity is null)
        {
            yield break;
        }

        yield return entity;
        if (entity is Multipart multipart)
        {
            foreach (var child in multipart)
            {
                foreach (var inner in Walk(child))
                {
                    yield return inner;
                }
            }
        }
    }
}
