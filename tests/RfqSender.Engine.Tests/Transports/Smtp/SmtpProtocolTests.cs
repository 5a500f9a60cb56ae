using System.Text;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>Transactions against scripted server transcripts: the exact commands the client sends.</summary>
public class SmtpProtocolTests
{
    internal static async Task<SmtpSendResult> SendOneAsync(ScriptedSmtpServer server, OutgoingMessage message, Action<SmtpSettings>? configure = null)
    {
        SmtpSendResult result;
        await using (var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port, configure)))
        {
            result = await client.SendAsync(message, CancellationToken.None);
        }

        await server.Completion;
        return result;
    }

    internal static async Task QuitAsync(ScriptedSmtpConnection c)
    {
        await c.ExpectAsync("QUIT");
        await c.SendAsync("221 2.0.0 Bye");
    }

    [Fact]
    public async Task Pipelining_sends_mail_rcpt_and_data_in_one_batch_and_streams_the_exact_mime()
    {
        var message = SmtpTestData.Message(to: new[] { "a@vendor.example", "b@vendor.example" }, cc: new[] { "c@vendor.example", "a@vendor.example" });
        byte[]? received = null;
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES");
            // No reply is given until DATA has arrived: a client waiting per command would stall here.
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
            await c.ExpectAsync("RCPT TO:<a@vendor.example>");
            await c.ExpectAsync("RCPT TO:<b@vendor.example>");
            await c.ExpectAsync("RCPT TO:<c@vendor.example>");
            await c.ExpectAsync("DATA");
            await c.SendAsync("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>");
            received = await c.ReadDataAsync();
            await c.SendAsync("250 2.0.0 Ok: queued as ABC123");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, message);

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        Assert.Equal("250 2.0.0 Ok: queued as ABC123", result.Outcome.Detail);
        Assert.Equal(new[] { false, false, true }, result.Recipients.Select(r => r.IsCc));
        Assert.All(result.Recipients, r => Assert.True(r.Accepted));
        Assert.Equal(SmtpTestData.Mime(message), SmtpTestData.Unstuff(received!));
    }

    [Fact]
    public async Task Without_pipelining_each_command_waits_for_its_reply()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("8BITMIME");
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
            await c.ExpectNothingPendingAsync();
            await c.SendAsync("250 Ok");
            await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
            await c.ExpectNothingPendingAsync();
            await c.SendAsync("250 Ok");
            await c.ExpectAsync("DATA");
            await c.SendAsync("354 go ahead");
            await c.ReadDataAsync();
            await c.SendAsync("250 queued");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, SmtpTestData.Message());

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        Assert.Equal("250 queued", result.Outcome.Detail);
    }

    [Fact]
    public async Task Multi_line_replies_are_joined_and_keep_the_enhanced_code()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync("220-test.local ESMTP\r\n220-second greeting line\r\n220 ready");
            await c.ExpectAsync("EHLO client.test");
            await c.SendAsync(ScriptedSmtpConnection.Ehlo("PIPELINING", "SIZE 10000000", "ENHANCEDSTATUSCODES"));
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com> SIZE=*");
            await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
            await c.ExpectAsync("DATA");
            await c.SendAsync("250 2.1.0 Ok\r\n550-5.1.1 The mailbox does not exist.\r\n550-5.1.1 Please check the address\r\n550 5.1.1 and try again.\r\n554 5.5.1 Error: no valid recipients");
            await c.ExpectAsync("RSET");
            await c.SendAsync("250 2.0.0 Ok");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, SmtpTestData.Message());

        Assert.Equal(TransportOutcomeKind.Permanent, result.Outcome.Kind);
        Assert.Contains("sales@vendor.example: 550 5.1.1 The mailbox does not exist. Please check the address and try again.", result.Outcome.Detail);
        Assert.Equal("5.1.1", result.Recipients[0].Reply!.EnhancedCode);
        Assert.Equal(3, result.Recipients[0].Reply!.Lines.Count);
    }

    [Fact]
    public async Task Helo_is_used_when_ehlo_is_refused()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync("220 old.server SMTP");
            await c.ExpectAsync("EHLO client.test");
            await c.SendAsync("500 Command unrecognized");
            await c.ExpectAsync("HELO client.test");
            await c.SendAsync("250 old.server");
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
            await c.SendAsync("250 ok");
            await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
            await c.SendAsync("250 ok");
            await c.ExpectAsync("DATA");
            await c.SendAsync("354 go");
            await c.ReadDataAsync();
            await c.SendAsync("250 ok");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, SmtpTestData.Message());

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
    }

    [Fact]
    public async Task Size_is_declared_and_a_message_over_the_limit_is_refused_before_mail_from()
    {
        var small = SmtpTestData.Message();
        var large = SmtpTestData.Message(body: new string('x', 70) + "\r\n" + string.Concat(Enumerable.Repeat("line of text to make it big\r\n", 100)), id: "rfq.test.2@contoso.com");
        var smallSize = SmtpTestData.Mime(small).Length;
        var limit = smallSize + 100;
        Assert.True(SmtpTestData.Mime(large).Length > limit);
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING", $"SIZE {limit}");
            await c.ExpectAsync($"MAIL FROM:<buyer@contoso.com> SIZE={smallSize}");
            await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
            await c.ExpectAsync("DATA");
            await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
            await c.ReadDataAsync();
            await c.SendAsync("250 ok");
            await QuitAsync(c);
        });

        SmtpSendResult first, second;
        await using (var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port)))
        {
            first = await client.SendAsync(small, CancellationToken.None);
            second = await client.SendAsync(large, CancellationToken.None);
        }

        await server.Completion;
        Assert.Equal(TransportOutcomeKind.Sent, first.Outcome.Kind);
        Assert.Equal(TransportOutcomeKind.Permanent, second.Outcome.Kind);
        Assert.Contains($"accepts at most {limit} (SIZE)", second.Outcome.Detail);
    }

    [Fact]
    public async Task Some_recipients_refused_sends_to_the_others_and_names_the_refused()
    {
        var message = SmtpTestData.Message(to: new[] { "ok@vendor.example", "gone@vendor.example" }, cc: new[] { "cc@vendor.example" });
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING", "ENHANCEDSTATUSCODES");
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
            await c.ExpectAsync("RCPT TO:<ok@vendor.example>");
            await c.ExpectAsync("RCPT TO:<gone@vendor.example>");
            await c.ExpectAsync("RCPT TO:<cc@vendor.example>");
            await c.ExpectAsync("DATA");
            await c.SendAsync("250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 <gone@vendor.example>: User unknown\r\n450 4.2.0 <cc@vendor.example>: greylisted\r\n354 go");
            await c.ReadDataAsync();
            await c.SendAsync("250 2.0.0 queued");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, message);

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        Assert.Equal("250 2.0.0 queued; refused recipients: gone@vendor.example: 550 5.1.1 <gone@vendor.example>: User unknown; cc@vendor.example: 450 4.2.0 <cc@vendor.example>: greylisted", result.Outcome.Detail);
        Assert.Equal(new[] { "gone@vendor.example", "cc@vendor.example" }, result.Refused.Select(r => r.Address.Address));
        Assert.Equal("gone@vendor.example: 550 5.1.1 <gone@vendor.example>: User unknown; cc@vendor.example: 450 4.2.0 <cc@vendor.example>: greylisted", result.Outcome.RefusedRecipients);
    }

    [Theory]
    [InlineData("550 5.1.1 unknown", "550 5.1.1 unknown", TransportOutcomeKind.Permanent)]
    [InlineData("550 5.1.1 unknown", "450 4.2.0 later", TransportOutcomeKind.Transient)]
    public async Task Every_to_recipient_refused_sends_nothing_even_to_an_accepted_cc(string first, string second, TransportOutcomeKind expected)
    {
        var message = SmtpTestData.Message(to: new[] { "a@vendor.example", "b@vendor.example" }, cc: new[] { "cc@vendor.example" });
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("8BITMIME");
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
            await c.SendAsync("250 ok");
            await c.ExpectAsync("RCPT TO:<a@vendor.example>");
            await c.SendAsync(first);
            await c.ExpectAsync("RCPT TO:<b@vendor.example>");
            await c.SendAsync(second);
            await c.ExpectAsync("RCPT TO:<cc@vendor.example>");
            await c.SendAsync("250 ok");
            await c.ExpectAsync("RSET");
            await c.SendAsync("250 ok");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, message);

        Assert.Equal(expected, result.Outcome.Kind);
        Assert.Contains("every To recipient was refused", result.Outcome.Detail);
        Assert.Contains("nothing was sent", result.Outcome.Detail);
        Assert.DoesNotContain("DATA", server.ClientLines);
    }

    [Fact]
    public async Task Lines_starting_with_a_dot_are_doubled_on_the_wire()
    {
        // 7-bit bodies are quoted-printable, which already writes a leading dot as =2E; an 8bit body keeps it.
        var message = SmtpTestData.Message(body: ".hidden line\r\n..two dots\r\n.\r\nend", to: new[] { "jürgen@vendor.example" });
        byte[]? received = null;
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING", "8BITMIME", "SMTPUTF8");
            await c.ExpectAsync("MAIL FROM:*");
            await c.ExpectAsync("RCPT TO:*");
            await c.ExpectAsync("DATA");
            await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
            received = await c.ReadDataAsync();
            await c.SendAsync("250 ok");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, message);

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        var wire = Encoding.UTF8.GetString(received!);
        var mime = Encoding.UTF8.GetString(SmtpTestData.Mime(message, utf8: true));
        Assert.Contains("\r\n.hidden line\r\n..two dots\r\n.\r\nend", mime);
        Assert.Contains("\r\n..hidden line\r\n...two dots\r\n..\r\nend", wire);
        Assert.Equal(SmtpTestData.Mime(message, utf8: true), SmtpTestData.Unstuff(received!));
    }

    [Fact]
    public async Task Internationalised_addresses_use_smtputf8_when_offered()
    {
        var message = SmtpTestData.Message(to: new[] { "jürgen@müller.example" });
        byte[]? received = null;
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING", "8BITMIME", "SMTPUTF8");
            await c.ExpectAsync("MAIL FROM:<buyer@contoso.com> SMTPUTF8 BODY=8BITMIME");
            await c.ExpectAsync("RCPT TO:<jürgen@xn--mller-kva.example>");
            await c.ExpectAsync("DATA");
            await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
            received = await c.ReadDataAsync();
            await c.SendAsync("250 ok");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, message);

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        Assert.Equal(SmtpTestData.Mime(message, utf8: true), SmtpTestData.Unstuff(received!));
    }

    [Fact]
    public async Task Internationalised_addresses_are_refused_before_sending_when_smtputf8_is_not_offered()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING", "8BITMIME");
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, SmtpTestData.Message(to: new[] { "jürgen@vendor.example" }));

        Assert.Equal(TransportOutcomeKind.Permanent, result.Outcome.Kind);
        Assert.Contains("jürgen@vendor.example", result.Outcome.Detail);
        Assert.Contains("SMTPUTF8", result.Outcome.Detail);
    }

    [Fact]
    public async Task One_connection_carries_many_messages()
    {
        const int count = 50;
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING", "8BITMIME");
            for (var i = 0; i < count; i++)
            {
                await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
                await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
                await c.ExpectAsync("DATA");
                await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
                await c.ReadDataAsync();
                await c.SendAsync($"250 queued as {i}");
            }

            await QuitAsync(c);
        });

        var outcomes = new List<TransportOutcome>();
        await using (var transport = new SmtpTransport(SmtpTestData.Settings(server.Port)))
        {
            for (var i = 0; i < count; i++)
            {
                outcomes.Add(await transport.SendAsync(SmtpTestData.Message(id: $"rfq.{i}@contoso.com"), CancellationToken.None));
            }

            Assert.Equal(1, transport.Client.ConnectionsOpened);
            Assert.Equal(count, transport.Client.MessagesSent);
        }

        await server.Completion;
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"250 queued as {i}"), outcomes.Select(o => o.Detail));
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Description_names_server_tls_and_user_but_no_secret()
    {
        var settings = new SmtpSettings { Server = "mail.contoso.com", UserName = "rfq@contoso.com", PasswordProvider = () => SmtpTestData.Password };
        await using var transport = new SmtpTransport(settings);

        Assert.Equal("smtp mail.contoso.com:587 (STARTTLS, AUTH as rfq@contoso.com)", transport.Description);
    }
}
