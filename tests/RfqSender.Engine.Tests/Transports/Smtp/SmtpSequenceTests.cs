using System.Text;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>
/// Several messages on one connection (SmtpSubmissionClient.SendManyAsync): the next envelope is
/// pipelined behind the previous final dot when PIPELINING is offered, lock-step otherwise, and each
/// message's outcome is its own.
/// </summary>
public sealed class SmtpSequenceTests
{
    private static OutgoingMessage[] Messages(int count, Func<int, string>? from = null) =>
        Enumerable.Range(1, count)
            .Select(i => SmtpTestData.Message(from: from?.Invoke(i) ?? "buyer@contoso.com", to: new[] { $"sales{i}@vendor{i}.example" }, id: $"rfq.seq.{i}@contoso.com"))
            .ToArray();

    private static async Task<SmtpSendResult?[]> SendAllAsync(SmtpSubmissionClient client, OutgoingMessage[] messages, List<int>? contentStarted = null)
    {
        var results = new SmtpSendResult?[messages.Length];
        for (var i = 0; i < messages.Length; i++)
        {
            var index = i;
            messages[i].ContentStarting = () =>
            {
                // In flight only when this message's content goes out, and only after the previous result was reported.
                contentStarted?.Add(index);
                Assert.True(index == 0 || results[index - 1] is not null, "content started before the previous result was reported");
                return Task.CompletedTask;
            };
        }

        await client.SendManyAsync(messages, (index, result) =>
        {
            Assert.Null(results[index]);
            results[index] = result;
            return Task.CompletedTask;
        }, CancellationToken.None);
        return results;
    }

    [Fact]
    public async Task With_pipelining_the_next_envelope_follows_the_final_dot_before_its_reply()
    {
        await using var server = new FaultSmtpServer { FinalReplyDelay = TimeSpan.FromMilliseconds(100) };
        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));
        var messages = Messages(4);
        var started = new List<int>();

        var results = await SendAllAsync(client, messages, started);

        Assert.All(results, r => Assert.Equal(TransportOutcomeKind.Sent, r!.Outcome.Kind));
        Assert.Equal(new[] { 0, 1, 2, 3 }, started);
        Assert.Equal(1, server.Connections);
        Assert.Equal(3, server.CommandsPipelinedBehindDot);
        Assert.Equal(messages.Select(m => m.MessageId), server.Messages.Select(m => m.MessageId));
        Assert.Equal(new[] { "sales1@vendor1.example", "sales2@vendor2.example", "sales3@vendor3.example", "sales4@vendor4.example" }, server.Messages.Select(m => Assert.Single(m.Recipients)));
        Assert.Equal(4, client.MessagesSent);
    }

    [Fact]
    public async Task Without_pipelining_the_messages_go_lock_step()
    {
        await using var server = new FaultSmtpServer { OfferPipelining = false, FinalReplyDelay = TimeSpan.FromMilliseconds(50) };
        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));

        var results = await SendAllAsync(client, Messages(3));

        Assert.All(results, r => Assert.Equal(TransportOutcomeKind.Sent, r!.Outcome.Kind));
        Assert.Equal(0, server.CommandsPipelinedBehindDot);
        Assert.Equal(3, server.Messages.Count);
        Assert.Equal(1, server.Connections);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_refused_pipelined_mail_from_fails_that_message_only(bool pipelining)
    {
        await using var server = new FaultSmtpServer
        {
            OfferPipelining = pipelining,
            MailFromReply = from => from == "second@contoso.com" ? "550 5.7.1 sender rejected" : null,
        };
        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));
        var started = new List<int>();

        var results = await SendAllAsync(client, Messages(3, i => i == 2 ? "second@contoso.com" : "buyer@contoso.com"), started);

        Assert.Equal(TransportOutcomeKind.Sent, results[0]!.Outcome.Kind);
        Assert.Equal(TransportOutcomeKind.Permanent, results[1]!.Outcome.Kind);
        Assert.Contains("550 5.7.1 sender rejected", results[1]!.Outcome.Detail);
        Assert.Equal(TransportOutcomeKind.Sent, results[2]!.Outcome.Kind);
        Assert.Equal(new[] { 0, 2 }, started);
        Assert.Equal(new[] { "rfq.seq.1@contoso.com", "rfq.seq.3@contoso.com" }, server.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_refused_pipelined_recipient_fails_that_message_only_and_a_temporary_refusal_stays_transient()
    {
        await using var server = new FaultSmtpServer
        {
            RecipientReply = to => to switch
            {
                "sales2@vendor2.example" => "550 5.1.1 no such user",
                "sales3@vendor3.example" => "452 4.2.2 mailbox full",
                _ => null,
            },
        };
        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));

        var results = await SendAllAsync(client, Messages(4));

        Assert.Equal(
            new[] { TransportOutcomeKind.Sent, TransportOutcomeKind.Permanent, TransportOutcomeKind.Transient, TransportOutcomeKind.Sent },
            results.Select(r => r!.Outcome.Kind));
        Assert.Contains("550 5.1.1 no such user", results[1]!.Outcome.Detail);
        Assert.Contains("(nothing was sent)", results[2]!.Outcome.Detail);
        Assert.Equal(new[] { "rfq.seq.1@contoso.com", "rfq.seq.4@contoso.com" }, server.Messages.Select(m => m.MessageId));
        Assert.Equal(1, server.Connections);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_connection_dropped_after_a_final_dot_leaves_that_message_in_doubt_and_the_next_is_sent_afresh(bool pipelining)
    {
        await using var server = new FaultSmtpServer { OfferPipelining = pipelining, DropAfterDotFrom = "second@contoso.com" };
        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));
        var started = new List<int>();

        var results = await SendAllAsync(client, Messages(3, i => i == 2 ? "second@contoso.com" : "buyer@contoso.com"), started);

        Assert.Equal(TransportOutcomeKind.Sent, results[0]!.Outcome.Kind);
        Assert.Equal(TransportOutcomeKind.InDoubt, results[1]!.Outcome.Kind);
        Assert.Equal(SmtpTransactionStage.FinalReply, results[1]!.Stage);
        Assert.Equal(TransportOutcomeKind.Sent, results[2]!.Outcome.Kind);
        Assert.Equal(new[] { 0, 1, 2 }, started);
        Assert.Equal(2, server.Connections);
        Assert.Equal(3, server.Messages.Count);
        Assert.Equal(2, client.MessagesSent);
    }

    [Fact]
    public async Task A_message_that_cannot_be_written_is_refused_before_its_envelope_and_the_rest_go_on()
    {
        await using var server = new FaultSmtpServer();
        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));
        var messages = Messages(3);
        messages[1] = SmtpTestData.Message(to: new[] { "jürgen@lieferant.example" }, id: "rfq.seq.utf8@contoso.com");

        var results = await SendAllAsync(client, messages);

        Assert.Equal(TransportOutcomeKind.Sent, results[0]!.Outcome.Kind);
        Assert.Equal(TransportOutcomeKind.Permanent, results[1]!.Outcome.Kind);
        Assert.Contains("SMTPUTF8", results[1]!.Outcome.Detail);
        Assert.Equal(TransportOutcomeKind.Sent, results[2]!.Outcome.Kind);
        Assert.Equal(2, server.Messages.Count);
    }

    [Fact]
    public async Task When_the_caller_stops_after_a_result_the_pipelined_next_message_is_not_sent()
    {
        await using var server = new FaultSmtpServer();
        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));
        var messages = Messages(3);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendManyAsync(messages, (index, _) =>
            index == 0 ? throw new InvalidOperationException("stop") : Task.CompletedTask, CancellationToken.None));

        Assert.Equal(new[] { "rfq.seq.1@contoso.com" }, server.Messages.Select(m => m.MessageId));
        var again = await client.SendAsync(messages[2], CancellationToken.None);
        Assert.Equal(TransportOutcomeKind.Sent, again.Outcome.Kind);
        Assert.Equal(new[] { "rfq.seq.1@contoso.com", "rfq.seq.3@contoso.com" }, server.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task The_transport_reports_each_outcome_of_a_sequence()
    {
        await using var server = new FaultSmtpServer { RecipientReply = to => to == "sales2@vendor2.example" ? "550 5.1.1 no such user" : null };
        await using var transport = new SmtpTransport(SmtpTestData.Settings(server.Port));
        var outcomes = new List<(int, TransportOutcomeKind)>();

        await ((ISendsMessageSequences)transport).SendSequenceAsync(Messages(3), (i, outcome) =>
        {
            outcomes.Add((i, outcome.Kind));
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(new[] { (0, TransportOutcomeKind.Sent), (1, TransportOutcomeKind.Permanent), (2, TransportOutcomeKind.Sent) }, outcomes);
    }

    [Fact]
    public async Task A_large_message_is_rendered_once_through_a_temporary_file_and_arrives_whole()
    {
        await using var server = new FaultSmtpServer();
        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));
        var bytes = new byte[6 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        var message = SmtpTestData.Message(attachments: new[] { EncodedAttachment.FromBytes(bytes, "big.bin") });

        var result = await client.SendAsync(message, CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        var received = Assert.Single(server.Messages).Content;
        Assert.Equal(Encoding.UTF8.GetString(SmtpTestData.Mime(message)), received);
    }
}
