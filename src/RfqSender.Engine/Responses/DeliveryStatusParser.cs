using System.Text.RegularExpressions;

namespace RfqSender.Engine.Responses;

/// <summary>
/// Reads the field groups of a <c>message/delivery-status</c> body (RFC 3464): the first group is
/// about the message, each further group about one recipient.
/// </summary>
internal static class DeliveryStatusParser
{
    /// <summary>An enhanced status code (RFC 3463) that is not part of an IP address or version number.</summary>
    internal static readonly Regex StatusCode = new(@"(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?!\.?\d)", RegexOptions.CultureInvariant);

    public static DeliveryStatusReport Parse(IReadOnlyList<IReadOnlyList<InboundHeader>> groups, DeliveryReportSource source)
    {
        var perMessage = groups.Count > 0 ? groups[0] : Array.Empty<InboundHeader>();
        var recipients = new List<DeliveryStatusRecipient>();
        foreach (var group in groups.Skip(1))
        {
            var final = Field(group, "Final-Recipient") ?? Field(group, "Original-Recipient");
            if (final is null)
            {
                continue;
            }

            var action = Field(group, "Action");
            var status = Field(group, "Status");
            recipients.Add(new DeliveryStatusRecipient
            {
                FinalRecipient = WithoutType(final)!,
                OriginalRecipient = WithoutType(Field(group, "Original-Recipient")),
                ActionText = action?.Trim(),
                Action = ReadAction(action),
                Status = status is null ? null : StatusCode.Match(status) is { Success: true } m ? m.Value : null,
                DiagnosticCode = WithoutType(Field(group, "Diagnostic-Code")),
                RemoteMta = WithoutType(Field(group, "Remote-MTA")),
            });
        }

        return new DeliveryStatusReport
        {
            Source = source,
            ReportingMta = WithoutType(Field(perMessage, "Reporting-MTA")),
            OriginalEnvelopeId = Field(perMessage, "Original-Envelope-Id")?.Trim(),
            ArrivalDate = ReadDate(Field(perMessage, "Arrival-Date")),
            Recipients = recipients,
        };
    }

    /// <summary>Splits <c>Name: value</c> lines (continuation lines folded in) into groups at blank lines.</summary>
    public static List<IReadOnlyList<InboundHeader>> ReadFieldGroups(string text)
    {
        var groups = new List<IReadOnlyList<InboundHeader>>();
        var group = new List<InboundHeader>();
        string? name = null;
        var value = string.Empty;

        void Flush()
        {
            if (name is not null)
            {
                group.Add(new InboundHeader(name, value.Trim()));
                name = null;
            }
        }

        foreach (var raw in TextLines.Split(text))
        {
            if (raw.Trim().Length == 0)
            {
                Flush();
                if (group.Count > 0)
                {
                    groups.Add(group);
                    group = new List<InboundHeader>();
                }
            }
            else if ((raw[0] == ' ' || raw[0] == '\t') && name is not null)
            {
                value += " " + raw.Trim();
            }
            else if (raw.IndexOf(':') is var colon && colon > 0)
            {
                Flush();
                name = raw.Substring(0, colon).Trim();
                value = raw.Substring(colon + 1);
            }
        }

        Flush();
        if (group.Count > 0)
        {
            groups.Add(group);
        }

        return groups;
    }

    internal static DeliveryStatusAction ReadAction(string? action) => (action ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "failed" => DeliveryStatusAction.Failed,
        "delayed" => DeliveryStatusAction.Delayed,
        "delivered" => DeliveryStatusAction.Delivered,
        "relayed" => DeliveryStatusAction.Relayed,
        "expanded" => DeliveryStatusAction.Expanded,
        _ => DeliveryStatusAction.Unknown,
    };

    private static string? Field(IReadOnlyList<InboundHeader> group, string name) =>
        group.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary><c>rfc822; a@b</c> → <c>a@b</c>; <c>smtp; 550 ...</c> → <c>550 ...</c>: the address or diagnostic type removed.</summary>
    private static string? WithoutType(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        var semicolon = text.IndexOf(';');
        if (semicolon > 0 && text.Substring(0, semicolon).Trim().All(c => char.IsLetterOrDigit(c) || c == '-'))
        {
            text = text.Substring(semicolon + 1).Trim();
        }

        text = text.Trim('<', '>').Trim();
        return text.Length == 0 ? null : text;
    }

    private static DateTimeOffset? ReadDate(string? value) =>
        value is not null && MimeKit.Utils.DateUtils.TryParse(value, out var date) ? date : null;
}
