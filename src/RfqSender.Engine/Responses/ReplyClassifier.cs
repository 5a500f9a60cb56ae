namespace RfqSender.Engine.Responses;

/// <summary>
/// Decides what an inbound message is. In order: a <b>bounce</b> (a <c>message/delivery-status</c>
/// report, or an Exchange or mailer-daemon non-delivery text); a <b>mailing-list</b> message
/// (<c>List-Id</c>, <c>List-Post</c>, <c>Mailing-List</c>, <c>Precedence: list</c>); an
/// <b>auto-reply</b> (RFC 3834 <c>Auto-Submitted</c> other than <c>no</c>, <c>Precedence</c>
/// bulk/junk/auto_reply, a null <c>Return-Path</c>, <c>X-Autoreply</c>, a subject such as
/// <c>Automatic reply:</c>, a read receipt; Outlook's <c>X-Auto-Response-Suppress</c> and Exchange's
/// <c>X-MS-Exchange-Inbox-Rules-Loop</c> only together with out-of-office wording, because inbox
/// rules set them on people's mail too); otherwise a <b>reply</b>.
/// </summary>
public static class ReplyClassifier
{
    private static readonly string[] AutoReplySubjectPrefixes =
    {
        "automatic reply", "automatische antwort", "auto-reply", "autoreply", "auto reply", "auto response",
        "out of office", "out of the office", "abwesenheitsnotiz", "abwesend", "réponse automatique", "respuesta automática",
        "automatisch antwoord", "risposta automatica",
    };

    private static readonly string[] OutOfOfficePhrases =
    {
        "out of the office", "out of office", "on vacation", "on holiday", "on leave", "annual leave", "away from the office",
        "currently away", "i am away", "i'm away", "limited access to e-mail", "limited access to email", "back in the office",
        "nicht im büro", "abwesend", "abwesenheit", "urlaub", "außer haus", "ausser haus", "wieder im büro", "wieder erreichbar",
        "keinen zugriff auf", "vacation", "ooo",
    };

    private static readonly string[] AutoPrecedence = { "bulk", "junk", "auto_reply", "auto-reply" };

    /// <summary>Classifies a message.</summary>
    public static ReplyClassification Classify(InboundMessage message)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        var bounce = ReadBounce(message, out var bounceSignal);
        if (bounce is not null)
        {
            return new ReplyClassification { Kind = ReplyKind.Bounce, Bounce = bounce, Signals = new[] { bounceSignal } };
        }

        var headers = message.AutoResponse;
        var listSignals = new List<string>();
        AddIf(listSignals, headers.ListId, "List-Id");
        AddIf(listSignals, headers.ListPost, "List-Post");
        AddIf(listSignals, headers.MailingList, "Mailing-List");
        if (string.Equals(PrecedenceOf(headers), "list", StringComparison.Ordinal))
        {
            listSignals.Add("Precedence: " + headers.Precedence!.Trim());
        }

        if (listSignals.Count > 0)
        {
            return new ReplyClassification { Kind = ReplyKind.MailingList, Signals = listSignals };
        }

        var newText = QuotedTextStripper.Strip(message.TextBody);
        var subject = message.Subject.Trim().ToLowerInvariant();
        var lowerText = newText.ToLowerInvariant();
        var oooWording = OutOfOfficePhrases.Any(p => ContainsWord(subject, p) || ContainsWord(lowerText, p));

        var strong = new List<string>();
        var autoSubmitted = new string((headers.AutoSubmitted ?? string.Empty).Trim().TakeWhile(c => char.IsLetterOrDigit(c) || c == '-').ToArray()).ToLowerInvariant();
        if (autoSubmitted.Length > 0 && autoSubmitted != "no")
        {
            strong.Add("Auto-Submitted: " + autoSubmitted);
        }

        if (AutoPrecedence.Contains(PrecedenceOf(headers)))
        {
            strong.Add("Precedence: " + headers.Precedence!.Trim());
        }

        if (headers.HasNullReturnPath)
        {
            strong.Add("Return-Path: <>");
        }

        AddIf(strong, headers.AutoReply, "X-Autoreply");
        if (message.ReportType == "disposition-notification")
        {
            strong.Add("read receipt (disposition-notification)");
        }

        var prefix = AutoReplySubjectPrefixes.FirstOrDefault(p => subject.StartsWith(p, StringComparison.Ordinal));
        if (prefix is not null)
        {
            strong.Add("subject: " + message.Subject.Trim().Substring(0, prefix.Length));
        }

        var weak = new List<string>();
        AddIf(weak, headers.AutoResponseSuppress, "X-Auto-Response-Suppress");
        AddIf(weak, headers.ExchangeInboxRulesLoop, "X-MS-Exchange-Inbox-Rules-Loop");

        if (strong.Count == 0 && !(weak.Count > 0 && oooWording))
        {
            return new ReplyClassification { Kind = ReplyKind.Reply };
        }

        var signals = strong.Concat(weak).ToList();
        if (oooWording)
        {
            signals.Add("out-of-office wording");
        }

        var isOutOfOffice = oooWording || prefix is not null && prefix != "auto response";
        DateTime? awayUntil = isOutOfOffice && OutOfOfficeDateReader.TryRead(message.Subject + "\n" + newText, message.Date, out var until) ? until : null;
        return new ReplyClassification
        {
            Kind = ReplyKind.AutoReply,
            IsOutOfOffice = isOutOfOffice,
            AwayUntil = awayUntil,
            Signals = signals,
        };
    }

    private static DeliveryStatusReport? ReadBounce(InboundMessage message, out string signal)
    {
        var report = message.DeliveryReport;
        var text = NdrTextReader.TryRead(message);
        if (report is not null && report.Recipients.Count > 0)
        {
            signal = "message/delivery-status";
        }
        else if (text is not null)
        {
            report = text;
            signal = text.Source == DeliveryReportSource.ExchangeText ? "Exchange non-delivery text" : "mailer-daemon non-delivery text";
        }
        else if (report is not null)
        {
            signal = "message/delivery-status (no recipients)";
        }
        else
        {
            signal = string.Empty;
            return null;
        }

        return report.WithOriginal(text?.OriginalMessageId ?? message.ReturnedMessageId ?? message.InReplyTo, text?.OriginalSubject ?? message.ReturnedSubject);
    }

    private static string PrecedenceOf(AutoResponseHeaders headers) => (headers.Precedence ?? string.Empty).Trim().ToLowerInvariant();

    private static void AddIf(List<string> signals, string? value, string name)
    {
        if (value is not null)
        {
            signals.Add(value.Trim().Length == 0 ? name : name + ": " + value.Trim());
        }
    }

    /// <summary>True when the phrase occurs with no letter or digit on either side.</summary>
    private static bool ContainsWord(string text, string phrase)
    {
        for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal))
        {
            var end = at + phrase.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }
}
