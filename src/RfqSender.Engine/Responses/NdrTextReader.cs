using System.Text.RegularExpressions;

namespace RfqSender.Engine.Responses;

/// <summary>
/// Recognises the non-delivery reports that carry no <c>message/delivery-status</c> part (older
/// Exchange servers, mailer-daemons of Postfix, qmail or Exim style) by their sender and wording,
/// and reads each failed address with its status code and the returned Message-ID from the text.
/// </summary>
internal static class NdrTextReader
{
    /// <summary>How much of a notice is searched for failed addresses: they come first, and the address pattern is costly on long text.</summary>
    private const int MaxNoticeLength = 64 * 1024;

    private static readonly string[] ExchangePhrases =
    {
        "delivery has failed to these recipients or groups",
        "your message couldn't be delivered",
        "your message wasn't delivered",
        "diagnostic information for administrators",
        "die zustellung an folgende empfänger oder gruppen ist fehlgeschlagen",
        "ihre nachricht konnte nicht übermittelt werden",
        "diagnoseinformationen für administratoren",
    };

    private static readonly string[] MailerPhrases =
    {
        "could not be delivered to one or more recipients",
        "i'm sorry to have to inform you that your message could not",
        "your message could not be delivered",
        "message could not be delivered",
        "this is a permanent error",
        "delivery to the following recipient failed",
        "delivery to the following recipients failed",
        "the following address(es) failed",
        "unable to deliver your message",
        "konnte nicht zugestellt werden",
    };

    private static readonly string[] BounceSubjects =
    {
        "undeliverable", "undelivered mail", "unzustellbar", "mail delivery failed", "delivery status notification (failure)",
        "delivery status notification (delay)", "failure notice", "returned mail", "delivery failure", "non remis", "nicht zustellbar",
    };

    private static readonly string[] DaemonLocalParts = { "mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon" };

    private static readonly string[] HeaderSectionMarkers =
    {
        "original message headers", "ursprüngliche nachrichtenkopfzeilen", "this is a copy of the message",
        "----- original message -----", "------ this is a copy", "--- below this line is a copy of the message",
        "----- the header of the original message is following", "original message follows",
    };

    private static readonly Regex Address = new(@"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+", RegexOptions.CultureInvariant);
    private static readonly Regex ReturnedId = new(@"^[ \t]*Message-ID:[ \t]*<([^>\s]+)>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline);
    private static readonly Regex ReturnedSubject = new(@"^[ \t]*Subject:[ \t]*(.+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline);

    /// <summary>The report read from the text, or null when the message does not look like a non-delivery report.</summary>
    public static DeliveryStatusReport? TryRead(InboundMessage message)
    {
        var text = message.TextBody ?? string.Empty;
        var lower = text.ToLowerInvariant();
        var subject = message.Subject.ToLowerInvariant();
        var fromDaemon = message.From is { } from && DaemonLocalParts.Any(d => from.LocalPart.Equals(d, StringComparison.OrdinalIgnoreCase));
        var fromExchange = message.AutoResponse.ExchangeIsNdr
            || (message.From?.LocalPart.StartsWith("microsoftexchange", StringComparison.OrdinalIgnoreCase) ?? false);
        var bounceSubject = BounceSubjects.Any(s => subject.IndexOf(s, StringComparison.Ordinal) >= 0);

        DeliveryReportSource source;
        if ((fromExchange || fromDaemon || message.AutoResponse.HasNullReturnPath) && (ExchangePhrases.Any(p => lower.IndexOf(p, StringComparison.Ordinal) >= 0) || (fromExchange && bounceSubject)))
        {
            source = DeliveryReportSource.ExchangeText;
        }
        else if ((fromDaemon || message.AutoResponse.HasNullReturnPath) && (bounceSubject || MailerPhrases.Any(p => lower.IndexOf(p, StringComparison.Ordinal) >= 0)))
        {
            source = DeliveryReportSource.MailerDaemonText;
        }
        else
        {
            return null;
        }

        var cut = HeaderSectionMarkers
            .Select(m => lower.IndexOf(m, StringComparison.Ordinal))
            .Where(i => i >= 0)
            .DefaultIfEmpty(text.Length)
            .Min();
        var headerSection = text.Substring(cut);
        return new DeliveryStatusReport
        {
            Source = source,
            Recipients = ReadRecipients(text.Substring(0, Math.Min(cut, MaxNoticeLength))),
            OriginalMessageId = ReturnedId.Match(headerSection) is { Success: true } id ? id.Groups[1].Value : null,
            OriginalSubject = ReturnedSubject.Match(headerSection) is { Success: true } s ? s.Groups[1].Value.Trim() : null,
        };
    }

    /// <summary>Each address with the status code on its line or the few lines after it (before the next address); one entry per address.</summary>
    private static List<DeliveryStatusRecipient> ReadRecipients(string text)
    {
        var lines = TextLines.Split(text);
        var found = new List<(string Address, string? Status, string? Diagnostic)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var match = Address.Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            string? status = null, diagnostic = null;
            for (var j = i; j < Math.Min(lines.Count, i + 4); j++)
            {
                var line = j == i ? lines[j].Substring(match.Index + match.Length) : lines[j];
                if (j > i && Address.IsMatch(line) && !DeliveryStatusParser.StatusCode.IsMatch(line))
                {
                    break;
                }

                if (DeliveryStatusParser.StatusCode.Match(line) is { Success: true } code)
                {
                    status = code.Value;
                    diagnostic = DiagnosticFrom(lines, j);
                    break;
                }
            }

            found.Add((match.Value, status, diagnostic));
        }

        return found
            .GroupBy(f => f.Address, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Any(f => f.Status is not null) ? g.First(f => f.Status is not null) : g.First())
            .Select(f => new DeliveryStatusRecipient
            {
                FinalRecipient = f.Address,
                Action = f.Status is not null && f.Status[0] == '4' ? DeliveryStatusAction.Delayed : DeliveryStatusAction.Failed,
                Status = f.Status,
                DiagnosticCode = f.Diagnostic,
            })
            .ToList();
    }

    /// <summary>The server's words: the status line and its indented continuation lines, quotes and '#' markers removed.</summary>
    private static string DiagnosticFrom(List<string> lines, int index)
    {
        var parts = new List<string> { lines[index].Trim() };
        for (var k = index + 1; k < lines.Count && lines[k].Length > 0 && char.IsWhiteSpace(lines[k][0]) && lines[k].Trim().Length > 0; k++)
        {
            parts.Add(lines[k].Trim());
        }

        var text = string.Join(" ", parts);
        var returned = text.IndexOf("returned '", StringComparison.OrdinalIgnoreCase);
        if (returned >= 0)
        {
            text = text.Substring(returned + "returned '".Length).TrimEnd('\'', ' ');
        }

        return text.Trim('#', ' ');
    }
}
