using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

public sealed class ReplyClassifierTests
{
    private const string Vendor = "From: Anna Schmidt <anna.schmidt@fabrikam.de>\nTo: purchasing@contoso.com\nDate: Thu, 3 Dec 2026 10:00:00 +0100\n";

    [Theory]
    [InlineData("Auto-Submitted: auto-replied")]
    [InlineData("Auto-Submitted: auto-generated")]
    [InlineData("Auto-Submitted: auto-notified (vacation)")]
    [InlineData("Precedence: bulk")]
    [InlineData("Precedence: junk")]
    [InlineData("Precedence: auto_reply")]
    [InlineData("Return-Path: <>")]
    [InlineData("X-Autoreply: yes")]
    [InlineData("X-Autorespond: vacation")]
    [InlineData("Subject: Automatic reply: RFQ")]
    [InlineData("Subject: Automatische Antwort: RFQ")]
    public void A_machine_marker_makes_an_auto_reply(string header)
    {
        var message = Eml.Plain(Vendor + header, "Thank you, we received your message.\n");

        var classification = ReplyClassifier.Classify(message);

        Assert.Equal(ReplyKind.AutoReply, classification.Kind);
        Assert.False(classification.IsAnswer);
        Assert.NotEmpty(classification.Signals);
    }

    [Theory]
    [InlineData("Subject: Re: RFQ\nAuto-Submitted: no", "Our price is 190.")]
    [InlineData("Subject: Re: RFQ\nX-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: sales@fabrikam.de", "Our price is 190.")]
    [InlineData("Subject: Re: RFQ", "Our price is 190. I am on vacation until 14 December, my colleague handles the order.")]
    [InlineData("Subject: Re: RFQ\nList-Unsubscribe: <https://crm.fabrikam.de/u/1>", "Our price is 190.")]
    [InlineData("Subject: Re: Undeliverable parcel", "Your message could not be delivered to our warehouse in time, the parcel was undeliverable: 550 5.1.1 is our error code.")]
    public void A_persons_reply_stays_a_reply(string headers, string body)
    {
        var classification = ReplyClassifier.Classify(Eml.Plain(Vendor + headers, body + "\n"));

        Assert.Equal(ReplyKind.Reply, classification.Kind);
        Assert.True(classification.IsAnswer);
        Assert.Empty(classification.Signals);
        Assert.Null(classification.AwayUntil);
    }

    [Theory]
    [InlineData("Subject: RFQ\nX-MS-Exchange-Inbox-Rules-Loop: anna.schmidt@fabrikam.de", "I am out of the office until 14 December.", true, "2026-12-14")]
    [InlineData("Subject: Automatic reply: RFQ\nAuto-Submitted: auto-replied", "I am out of the office.\n\n-----Original Message-----\nPlease quote until 15 December 2026.", true, null)]
    [InlineData("Subject: Ticket 123 received\nAuto-Submitted: auto-generated", "We received your request until now.", false, null)]
    public void Out_of_office_replies_are_told_from_other_auto_replies(string headers, string body, bool outOfOffice, string? awayUntil)
    {
        var classification = ReplyClassifier.Classify(Eml.Plain(Vendor + headers, body + "\n"));

        Assert.Equal(ReplyKind.AutoReply, classification.Kind);
        Assert.Equal(outOfOffice, classification.IsOutOfOffice);
        Assert.Equal(awayUntil, classification.AwayUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(outOfOffice, classification.Signals.Contains("out-of-office wording"));
    }

    [Theory]
    [InlineData("List-Id: <cable.lists.example>")]
    [InlineData("List-Post: <mailto:cable@lists.example>")]
    [InlineData("Mailing-List: contact cable-help@lists.example")]
    [InlineData("Precedence: list")]
    public void List_markers_make_a_mailing_list_message(string header)
    {
        var message = Eml.Plain(Vendor + header + "\nPrecedence: bulk", "Weekly news.\n");

        Assert.Equal(ReplyKind.MailingList, ReplyClassifier.Classify(message).Kind);
    }
}
