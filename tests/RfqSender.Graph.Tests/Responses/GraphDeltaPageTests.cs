using System.Text.Json;
using RfqSender.Engine.Responses.Sources;

namespace RfqSender.Graph.Tests.Responses;

/// <summary>A delta page as Graph writes it: messages, removed entries (left out), and the link to go on with.</summary>
public sealed class GraphDeltaPageTests
{
    [Fact]
    public void Messages_are_read_in_order_removed_entries_left_out_and_the_links_kept()
    {
        var page = GraphDeltaPage.Parse("""
            {
              "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(message)",
              "@odata.nextLink": "https://graph.microsoft.com/v1.0/users/x/mailFolders/inbox/messages/delta?$skiptoken=abc",
              "value": [
                { "@odata.type": "#microsoft.graph.message", "@odata.etag": "W/\"CQ\"", "id": "AAMk=1", "internetMessageId": "<a@b>", "receivedDateTime": "2026-11-25T08:01:00Z" },
                { "@odata.type": "#microsoft.graph.message", "id": "AAMk=2", "@removed": { "reason": "deleted" } },
                { "@odata.type": "#microsoft.graph.eventMessage", "id": "AAMk=3" },
                { "id": "" }
              ]
            }
            """);

        Assert.Equal(new[] { "AAMk=1", "AAMk=3" }, page.Messages.Select(m => m.Id));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 1, 0, TimeSpan.Zero), page.Messages[0].ReceivedAt);
        Assert.Null(page.Messages[1].ReceivedAt);
        Assert.EndsWith("$skiptoken=abc", page.NextLink, StringComparison.Ordinal);
        Assert.Null(page.DeltaLink);

        var last = GraphDeltaPage.Parse("""{ "value": [], "@odata.deltaLink": "https://graph.microsoft.com/v1.0/users/x/mailFolders/inbox/messages/delta?$deltatoken=xyz" }""");
        Assert.Empty(last.Messages);
        Assert.Null(last.NextLink);
        Assert.EndsWith("$deltatoken=xyz", last.DeltaLink, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"value\": 3}")]
    [InlineData("<html>gateway</html>")]
    public void Something_that_is_not_a_delta_page_is_refused(string body) =>
        Assert.ThrowsAny<JsonException>(() => GraphDeltaPage.Parse(body));
}
