using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

public sealed class DeliveryStatusReportTests
{
    private const string ThreeRecipients = """
        From: Mail Delivery System <MAILER-DAEMON@mx.contoso.com>
        To: purchasing@contoso.com
        Subject: Delivery Status Notification
        Return-Path: <>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Some addresses failed.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.contoso.com
        Original-Envelope-Id: rfq-114-v-001
        Arrival-Date: Wed, 2 Dec 2026 09:00:05 +0100

        Final-Recipient: rfc822; delivered@vendor.example
        Action: delivered
        Status: 2.0.0

        Final-Recipient: rfc822; later@vendor.example
        Action: delayed
        Status: 4.2.2 (mailbox full)
        Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

        Original-Recipient: rfc822; Gone@Vendor.example
        Final-Recipient: RFC822; <gone@vendor.example>
        Action: Failed
        Status: 5.1.1
        Remote-MTA: dns; mx.vendor.example
        Diagnostic-Code: smtp; 550 5.1.1 <gone@vendor.example>:
            Recipient address rejected

        --b1
        Content-Type: text/rfc822-headers

        From: Purchasing <purchasing@contoso.com>
        Subject: RFQ RFQ-2026-114
        Message-ID: <rfq.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb@contoso.com>

        --b1--
        """;

    [Fact]
    public void Each_recipient_group_is_read_with_its_action_status_and_diagnostic()
    {
        var report = Assert.IsType<DeliveryStatusReport>(Eml.Parse(ThreeRecipients).DeliveryReport);

        Assert.Equal(DeliveryReportSource.DeliveryStatusPart, report.Source);
        Assert.Equal("mx.contoso.com", report.ReportingMta);
        Assert.Equal("rfq-114-v-001", report.OriginalEnvelopeId);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 9, 0, 5, TimeSpan.FromHours(1)), report.ArrivalDate);
        Assert.Equal("rfq.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb@contoso.com", report.OriginalMessageId);
        Assert.Equal("RFQ RFQ-2026-114", report.OriginalSubject);
        Assert.Collection(
            report.Recipients,
            r =>
            {
                Assert.Equal("delivered@vendor.example", r.FinalRecipient);
                Assert.Equal(DeliveryStatusAction.Delivered, r.Action);
                Assert.Equal(BounceSeverity.None, r.Severity);
            },
            r =>
            {
                Assert.Equal(DeliveryStatusAction.Delayed, r.Action);
                Assert.Equal("4.2.2", r.Status);
                Assert.Equal("452 4.2.2 Mailbox full", r.DiagnosticCode);
                Assert.Equal(BounceSeverity.Transient, r.Severity);
            },
            r =>
            {
                Assert.Equal("gone@vendor.example", r.FinalRecipient);
                Assert.Equal("Gone@Vendor.example", r.OriginalRecipient);
                Assert.Equal(DeliveryStatusAction.Failed, r.Action);
                Assert.Equal("Failed", r.ActionText);
                Assert.Equal("5.1.1", r.Status);
                Assert.Equal("mx.vendor.example", r.RemoteMta);
                Assert.StartsWith("550 5.1.1 <gone@vendor.example>:", r.DiagnosticCode, StringComparison.Ordinal);
                Assert.Contains("Recipient address rejected", r.DiagnosticCode, StringComparison.Ordinal);
                Assert.Equal(BounceSeverity.Permanent, r.Severity);
            });
        Assert.Equal(BounceSeverity.Permanent, report.Severity);
        Assert.Equal("gone@vendor.example", report.MostSevere!.FinalRecipient);
    }

    [Theory]
    [InlineData("failed", "5.7.1", BounceSeverity.Permanent)]
    [InlineData("failed", null, BounceSeverity.Permanent)]
    [InlineData("failed", "4.4.7", BounceSeverity.Transient)]
    [InlineData("delayed", "4.4.1", BounceSeverity.Transient)]
    [InlineData("delayed", "5.0.0", BounceSeverity.Transient)]
    [InlineData("relayed", "2.0.0", BounceSeverity.None)]
    [InlineData("expanded", null, BounceSeverity.None)]
    [InlineData(null, "5.1.1", BounceSeverity.Permanent)]
    [InlineData(null, "4.2.2", BounceSeverity.Transient)]
    [InlineData(null, null, BounceSeverity.None)]
    public void Severity_follows_the_action_then_the_status_class(string? action, string? status, BounceSeverity expected)
    {
        var recipient = new DeliveryStatusRecipient { Action = DeliveryStatusParser.ReadAction(action), Status = status };

        Assert.Equal(expected, recipient.Severity);
    }

    [Fact]
    public void Only_transient_failures_make_a_transient_report_and_success_notices_none()
    {
        var delayedOnly = new DeliveryStatusReport { Recipients = new[] { new DeliveryStatusRecipient { Action = DeliveryStatusAction.Delayed, Status = "4.4.1" } } };
        var delivered = new DeliveryStatusReport { Recipients = new[] { new DeliveryStatusRecipient { Action = DeliveryStatusAction.Delivered } } };

        Assert.Equal(BounceSeverity.Transient, delayedOnly.Severity);
        Assert.Equal(BounceSeverity.None, delivered.Severity);
        Assert.Equal(BounceSeverity.None, new DeliveryStatusReport().Severity);
        Assert.Null(new DeliveryStatusReport().MostSevere);
    }

    [Theory]
    [InlineData("Remote host said: 550 5.1.1 <a@b.example>... User unknown", "5.1.1")]
    [InlineData("#550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found ##", "5.1.10")]
    [InlineData("Status: 4.4.7.", "4.4.7")]
    [InlineData("host 10.4.5.6 said: no", null)]
    [InlineData("Giving up on 198.51.100.9.", null)]
    [InlineData("version 4.5.6.7 of the server", null)]
    public void Status_codes_are_told_from_addresses_and_versions(string text, string? expected)
    {
        var match = DeliveryStatusParser.StatusCode.Match(text);

        Assert.Equal(expected, match.Success ? match.Value : null);
    }

    [Fact]
    public void Loosely_written_field_groups_are_read_line_by_line()
    {
        var groups = DeliveryStatusParser.ReadFieldGroups("Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nDiagnostic-Code: smtp; 550 no\r\n  such user\r\n\r\n\r\n");
        var report = DeliveryStatusParser.Parse(groups, DeliveryReportSource.DeliveryStatusPart);

        Assert.Equal(2, groups.Count);
        Assert.Equal("mx", report.ReportingMta);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("a@b.example", recipient.FinalRecipient);
        Assert.Equal("550 no such user", recipient.DiagnosticCode);
        Assert.Null(recipient.Status);
        Assert.Equal(BounceSeverity.Permanent, recipient.Severity);
    }

    [Theory]
    [InlineData(
        "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>\nTo: purchasing@contoso.com\nSubject: Unzustellbar: RFQ\nX-MS-Exchange-Message-Is-Ndr:",
        "Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:\n\nkabel@vendor.example\nDie E-Mail-Adresse wurde nicht gefunden.\n\nDiagnoseinformationen für Administratoren:\n\nGenerierender Server: EXCH01.contoso.local\n\nkabel@vendor.example\nRemote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n\nUrsprüngliche Nachrichtenkopfzeilen:\n\nFrom: Purchasing <purchasing@contoso.com>\nTo: <kabel@vendor.example>\nSubject: RFQ RFQ-2026-114\nMessage-ID: <rfq.1111111111111111.2222222222222222@contoso.com>\n",
        DeliveryReportSource.ExchangeText,
        "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",
        "rfq.1111111111111111.2222222222222222@contoso.com")]
    [InlineData(
        "From: MAILER-DAEMON@mx.contoso.com\nTo: purchasing@contoso.com\nSubject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nReturn-Path: <>",
        "<kabel@vendor.example>: host mx.vendor.example said: 550 5.1.1 User unknown\n",
        DeliveryReportSource.MailerDaemonText,
        "<kabel@vendor.example>: host mx.vendor.example said: 550 5.1.1 User unknown",
        null)]
    public void A_non_delivery_text_without_a_report_is_read(string headers, string body, DeliveryReportSource source, string diagnostic, string? originalId)
    {
        var classification = ReplyClassifier.Classify(Eml.Plain(headers, body));

        Assert.Equal(ReplyKind.Bounce, classification.Kind);
        Assert.Equal(BounceSeverity.Permanent, classification.BounceSeverity);
        Assert.Equal("Bounce (Permanent)", classification.ToString());
        var report = classification.Bounce!;
        Assert.Equal(source, report.Source);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("kabel@vendor.example", recipient.FinalRecipient);
        Assert.Equal(DeliveryStatusAction.Failed, recipient.Action);
        Assert.Equal("5.1.1", recipient.Status);
        Assert.Equal(diagnostic, recipient.DiagnosticCode);
        Assert.Equal(originalId, report.OriginalMessageId);
    }
}
