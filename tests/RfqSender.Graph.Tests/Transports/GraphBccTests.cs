using System.Text.Json;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports.Graph;

namespace RfqSender.Graph.Tests.Transports;

/// <summary>An archive Bcc reaches Graph as bccRecipients, never as a header of MIME content.</summary>
public sealed class GraphBccTests
{
    [Fact]
    public void Bcc_recipients_are_sent_in_bccRecipients()
    {
        var message = new OutgoingMessage(
            "rfq.1@contoso.example",
            MailboxAddress.Parse("purchasing@contoso.example"),
            null,
            new[] { MailboxAddress.Parse("sales@vendor.example") },
            Array.Empty<MailboxAddress>(),
            "RFQ",
            "Please quote.",
            null,
            DateTimeOffset.UnixEpoch,
            Array.Empty<EncodedAttachment>())
        {
            Bcc = new[] { MailboxAddress.Parse("archive@contoso.example") },
        };

        using var json = JsonDocument.Parse(GraphMessageJson.SendMail(message, "purchasing@contoso.example", saveToSentItems: true));
        var graphMessage = json.RootElement.GetProperty("message");

        Assert.Equal("archive@contoso.example", graphMessage.GetProperty("bccRecipients")[0].GetProperty("emailAddress").GetProperty("address").GetString());
        Assert.Equal("sales@vendor.example", graphMessage.GetProperty("toRecipients")[0].GetProperty("emailAddress").GetProperty("address").GetString());
        Assert.False(graphMessage.TryGetProperty("ccRecipients", out var cc) && cc.GetArrayLength() > 0);
    }
}
