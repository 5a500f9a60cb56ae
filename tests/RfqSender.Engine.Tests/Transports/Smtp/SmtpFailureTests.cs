using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;
using static RfqSender.Engine.Tests.Transports.Smtp.SmtpProtocolTests;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>Every failure class, dropped connections at each step, timeouts, 421 and reconnects.</summary>
public class SmtpFailureTests
{
    public enum Step
    {
        Mail,
        Rcpt,
        Data,
        AfterDot,
    }

    [Theory]
    [InlineData(Step.Mail, "451 4.3.0 try later", TransportOutcomeKind.Transient)]
    [InlineData(Step.Mail, "553 5.7.1 sender not allowed", TransportOutcomeKind.Permanent)]
    [InlineData(Step.Rcpt, "452 4.2.2 mailbox full", TransportOutcomeKind.Transient)]
    [InlineData(Step.Rcpt, "550 5.1.1 no such user", TransportOutcomeKind.Permanent)]
    [InlineData(Step.Data, "451 4.3.0 no queue space", TransportOutcomeKind.Transient)]
    [InlineData(Step.Data, "554 5.5.1 transaction failed", TransportOutcomeKind.Permanent)]
    [InlineData(Step.AfterDot, "452 4.3.1 insufficient storage", TransportOutcomeKind.Transient)]
    [InlineData(Step.AfterDot, "554 5.7.1 message rejected as spam", TransportOutcomeKind.Permanent)]
    public async Task Each_failure_class_is_classified_and_the_transaction_is_reset(Step step, string reply, TransportOutcomeKind expected)
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("8BITMIME", "ENHANCEDSTATUSCODES");
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
            await c.SendAsync(step == Step.Mail ? reply : "250 ok");
            if (step != Step.Mail)
            {
                await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
                await c.SendAsync(step == Step.Rcpt ? reply : "250 ok");
            }

            if (step is Step.Data or Step.AfterDot)
            {
                await c.ExpectAsync("DATA");
                await c.SendAsync(step == Step.Data ? reply : "354 go");
            }

            if (step == Step.AfterDot)
            {
                await c.ReadDataAsync();
                await c.SendAsync(reply);
            }
            else
            {
                await c.ExpectAsync("RSET");
                await c.SendAsync("250 2.0.0 ok");
            }

            // The connection stays usable: a second message goes through on it.
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
            await c.SendAsync("250 ok");
            await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
            await c.SendAsync("250 ok");
            await c.ExpectAsync("DATA");
            await c.SendAsync("354 go");
            await c.ReadDataAsync();
            await c.SendAsync("250 2.0.0 second ok");
            await QuitAsync(c);
        });

        SmtpSendResult first, second;
        await using (var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port)))
        {
            first = await client.SendAsync(SmtpTestData.Message(), CancellationToken.None);
            second = await client.SendAsync(SmtpTestData.Message(id: "rfq.test.2@contoso.com"), CancellationToken.None);
            Assert.Equal(1, client.ConnectionsOpened);
        }

        await server.Completion;
        Assert.Equal(expected, first.Outcome.Kind);
        Assert.Contains(reply, first.Outcome.Detail);
        Assert.Equal(reply.Substring(4, 5), first.Reply!.EnhancedCode);
        Assert.Equal(TransportOutcomeKind.Sent, second.Outcome.Kind);
    }

    [Theory]
    [InlineData(SmtpTransactionStage.Greeting, TransportOutcomeKind.Transient)]
    [InlineData(SmtpTransactionStage.Hello, TransportOutcomeKind.Transient)]
    [InlineData(SmtpTransactionStage.MailFrom, TransportOutcomeKind.Transient)]
    [InlineData(SmtpTransactionStage.RcptTo, TransportOutcomeKind.Transient)]
    [InlineData(SmtpTransactionStage.Data, TransportOutcomeKind.Transient)]
    [InlineData(SmtpTransactionStage.FinalReply, TransportOutcomeKind.InDoubt)]
    public async Task A_dropped_connection_is_transient_before_the_final_dot_and_in_doubt_after_it(SmtpTransactionStage dropAt, TransportOutcomeKind expected)
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            if (dropAt == SmtpTransactionStage.Greeting)
            {
                c.Drop();
                return;
            }

            await c.SendAsync("220 test.local ESMTP");
            await c.ExpectAsync("EHLO client.test");
            if (dropAt == SmtpTransactionStage.Hello)
            {
                c.Drop();
                return;
            }

            await c.SendAsync(ScriptedSmtpConnection.Ehlo("8BITMIME"));
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
            if (dropAt == SmtpTransactionStage.MailFrom)
            {
                c.Drop();
                return;
            }

            await c.SendAsync("250 ok");
            await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
            if (dropAt == SmtpTransactionStage.RcptTo)
            {
                c.Drop();
                return;
            }

            await c.SendAsync("250 ok");
            await c.ExpectAsync("DATA");
            if (dropAt == SmtpTransactionStage.Data)
            {
                c.Drop();
                return;
            }

            await c.SendAsync("354 go");
            await c.ReadDataAsync();
            c.Drop();
        });

        var result = await SendOneAsync(server, SmtpTestData.Message());

        Assert.Equal(expected, result.Outcome.Kind);
        if (dropAt == SmtpTransactionStage.Greeting)
        {
            // A reset right after accept may reach the client while its connect completes (Linux
            // reports ECONNRESET there): either stage is right, and nothing was delivered.
            Assert.Contains(result.Stage, new[] { SmtpTransactionStage.Connect, SmtpTransactionStage.Greeting });
        }
        else
        {
            Assert.True(dropAt == result.Stage, result.Outcome.Detail);
        }
        Assert.Contains(expected == TransportOutcomeKind.InDoubt ? "may have been delivered" : "nothing was delivered", result.Outcome.Detail);
    }

    [Fact]
    public async Task A_connection_dropped_while_the_content_streams_is_transient()
    {
        // Far more than the socket buffers hold, so the client is still writing when the reset arrives.
        var attachment = EncodedAttachment.FromBytes(new byte[24 * 1024 * 1024], "big.bin");
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("8BITMIME");
            await c.ExpectAsync("MAIL FROM:*");
            await c.SendAsync("250 ok");
            await c.ExpectAsync("RCPT TO:*");
            await c.SendAsync("250 ok");
            await c.ExpectAsync("DATA");
            await c.SendAsync("354 go");
            await c.ReadSomeAsync(100_000);
            c.Drop();
        });

        var result = await SendOneAsync(server, SmtpTestData.Message(attachments: new[] { attachment }));

        Assert.Equal(TransportOutcomeKind.Transient, result.Outcome.Kind);
        Assert.Equal(SmtpTransactionStage.MessageContent, result.Stage);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_as_transient()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING");
            await c.ExpectAsync("MAIL FROM:*");
            await c.ExpectAsync("RCPT TO:*");
            await c.ExpectAsync("DATA");
            await c.ExpectClosedAsync();
        });

        var result = await SendOneAsync(server, SmtpTestData.Message(), s => s.CommandTimeout = TimeSpan.FromMilliseconds(300));

        Assert.Equal(TransportOutcomeKind.Transient, result.Outcome.Kind);
        Assert.Contains("timed out", result.Outcome.Detail);
        Assert.Contains("300 ms", result.Outcome.Detail);
    }

    [Fact]
    public async Task No_reply_to_the_final_dot_times_out_in_doubt()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING");
            await c.ExpectAsync("MAIL FROM:*");
            await c.ExpectAsync("RCPT TO:*");
            await c.ExpectAsync("DATA");
            await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
            await c.ReadDataAsync();
            await c.ExpectClosedAsync();
        });

        var result = await SendOneAsync(server, SmtpTestData.Message(), s => s.FinalReplyTimeout = TimeSpan.FromMilliseconds(300));

        Assert.Equal(TransportOutcomeKind.InDoubt, result.Outcome.Kind);
        Assert.True(result.TimedOut);
        Assert.Contains("timed out", result.Outcome.Detail);
    }

    [Fact]
    public async Task A_greeting_that_never_comes_times_out()
    {
        await using var server = new ScriptedSmtpServer(c => c.ExpectClosedAsync());

        var result = await SendOneAsync(server, SmtpTestData.Message(), s => s.ConnectTimeout = TimeSpan.FromSeconds(2));

        Assert.Equal(TransportOutcomeKind.Transient, result.Outcome.Kind);
        Assert.Equal(SmtpTransactionStage.Greeting, result.Stage);
        Assert.Contains("timed out", result.Outcome.Detail);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(port));
        var result = await client.SendAsync(SmtpTestData.Message(), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Transient, result.Outcome.Kind);
        Assert.Equal(SmtpTransactionStage.Connect, result.Stage);
        Assert.Contains($"127.0.0.1:{port}", result.Outcome.Detail);
        Assert.StartsWith("could not connect; nothing was delivered", result.Outcome.Detail);
    }

    [Fact]
    public async Task A_421_on_a_reused_connection_reconnects_and_sends_the_message()
    {
        await using var server = new ScriptedSmtpServer(
            async c =>
            {
                await c.GreetAsync("PIPELINING");
                await c.ExpectAsync("MAIL FROM:*");
                await c.ExpectAsync("RCPT TO:*");
                await c.ExpectAsync("DATA");
                await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
                await c.ReadDataAsync();
                await c.SendAsync("250 first");
                await c.ExpectAsync("MAIL FROM:*");
                await c.ExpectAsync("RCPT TO:*");
                await c.ExpectAsync("DATA");
                await c.SendAsync("421 4.4.2 idle timeout, closing");
                c.Drop();
            },
            async c =>
            {
                await c.GreetAsync("PIPELINING");
                await c.ExpectAsync("MAIL FROM:*");
                await c.ExpectAsync("RCPT TO:*");
                await c.ExpectAsync("DATA");
                await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
                await c.ReadDataAsync();
                await c.SendAsync("250 second");
                await QuitAsync(c);
            });

        SmtpSendResult first, second;
        await using (var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port)))
        {
            first = await client.SendAsync(SmtpTestData.Message(), CancellationToken.None);
            second = await client.SendAsync(SmtpTestData.Message(id: "rfq.test.2@contoso.com"), CancellationToken.None);
            Assert.Equal(2, client.ConnectionsOpened);
        }

        await server.Completion;
        Assert.Equal("250 first", first.Outcome.Detail);
        Assert.Equal(TransportOutcomeKind.Sent, second.Outcome.Kind);
        Assert.Equal("250 second", second.Outcome.Detail);
    }

    [Fact]
    public async Task A_421_mid_transaction_is_transient_and_the_next_message_reconnects()
    {
        await using var server = new ScriptedSmtpServer(
            async c =>
            {
                await c.GreetAsync("8BITMIME");
                await c.ExpectAsync("MAIL FROM:*");
                await c.SendAsync("250 ok");
                await c.ExpectAsync("RCPT TO:*");
                await c.SendAsync("421 4.3.2 shutting down");
                c.Drop();
            },
            async c =>
            {
                await c.GreetAsync("8BITMIME");
                await c.ExpectAsync("MAIL FROM:*");
                await c.SendAsync("250 ok");
                await c.ExpectAsync("RCPT TO:*");
                await c.SendAsync("250 ok");
                await c.ExpectAsync("DATA");
                await c.SendAsync("354 go");
                await c.ReadDataAsync();
                await c.SendAsync("250 after reconnect");
                await QuitAsync(c);
            });

        SmtpSendResult first, second;
        await using (var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port)))
        {
            first = await client.SendAsync(SmtpTestData.Message(), CancellationToken.None);
            second = await client.SendAsync(SmtpTestData.Message(id: "rfq.test.2@contoso.com"), CancellationToken.None);
        }

        await server.Completion;
        Assert.Equal(TransportOutcomeKind.Transient, first.Outcome.Kind);
        Assert.StartsWith("421 4.3.2 shutting down", first.Outcome.Detail);
        Assert.Equal("250 after reconnect", second.Outcome.Detail);
    }

    [Fact]
    public async Task A_connection_dropped_between_messages_is_replaced_transparently()
    {
        await using var server = new ScriptedSmtpServer(
            async c =>
            {
                await c.GreetAsync("PIPELINING");
                await c.ExpectAsync("MAIL FROM:*");
                await c.ExpectAsync("RCPT TO:*");
                await c.ExpectAsync("DATA");
                await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
                await c.ReadDataAsync();
                await c.SendAsync("250 first");
                c.Drop();
            },
            async c =>
            {
                await c.GreetAsync("PIPELINING");
                await c.ExpectAsync("MAIL FROM:*");
                await c.ExpectAsync("RCPT TO:*");
                await c.ExpectAsync("DATA");
                await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
                await c.ReadDataAsync();
                await c.SendAsync("250 second");
                await QuitAsync(c);
            });

        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port));
        var first = await client.SendAsync(SmtpTestData.Message(), CancellationToken.None);
        await Task.Delay(100);
        var second = await client.SendAsync(SmtpTestData.Message(id: "rfq.test.2@contoso.com"), CancellationToken.None);
        await client.DisposeAsync();
        await server.Completion;

        Assert.Equal("250 first", first.Outcome.Detail);
        Assert.Equal("250 second", second.Outcome.Detail);
        Assert.Equal(2, client.ConnectionsOpened);
    }

    [Fact]
    public void Classifier_maps_reply_classes_and_connection_losses()
    {
        Assert.Equal(TransportOutcomeKind.Sent, SmtpOutcomeClassifier.Classify(250));
        Assert.Equal(TransportOutcomeKind.Transient, SmtpOutcomeClassifier.Classify(421));
        Assert.Equal(TransportOutcomeKind.Transient, SmtpOutcomeClassifier.Classify(451));
        Assert.Equal(TransportOutcomeKind.Permanent, SmtpOutcomeClassifier.Classify(554));
        Assert.Equal(TransportOutcomeKind.InDoubt, SmtpOutcomeClassifier.FromConnectionFailure(SmtpTransactionStage.FinalReply, "reset", false).Kind);
        Assert.Equal(TransportOutcomeKind.Transient, SmtpOutcomeClassifier.FromConnectionFailure(SmtpTransactionStage.MessageContent, "reset", false).Kind);
        var outcome = SmtpOutcomeClassifier.FromReply(new SmtpReply(550, new[] { "5.1.1 User unknown" }), SmtpTransactionStage.RcptTo);
        Assert.Equal("550 5.1.1 User unknown (at RCPT TO)", outcome.Detail);
    }
}
