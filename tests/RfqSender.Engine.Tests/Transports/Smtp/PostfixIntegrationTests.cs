using System.Text;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>
/// Against a real Postfix on 127.0.0.1 (tests/ci/start-postfix.sh): STARTTLS and implicit TLS with
/// the test CA, SASL AUTH, and the delivered files compared with what the writer produced.
/// </summary>
[Collection("Postfix")]
public class PostfixIntegrationTests
{
    private static readonly string[] PostfixTraceHeaders = { "Return-Path:", "X-Original-To:", "Delivered-To:", "Received:" };

    private static SmtpSettings Settings(PostfixTestServer server, int port, Action<SmtpSettings>? configure = null)
    {
        var settings = new SmtpSettings
        {
            Server = server.Host,
            Port = port,
            TlsMode = port == server.SmtpsPort ? SmtpTlsMode.Implicit : null,
            UserName = server.User,
            Password = server.Password(),
            TrustedCaCertificatePath = server.CaPath,
            ClientName = "rfqsender.test",
            ConnectTimeout = TimeSpan.FromSeconds(10),
            CommandTimeout = TimeSpan.FromSeconds(20),
            DataTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(settings);
        return settings;
    }

    private static string Marker() => "it" + Guid.NewGuid().ToString("N").Substring(0, 12);

    /// <summary>
    /// The delivered file is the message Postfix received, stored with LF line ends, after the trace
    /// headers Postfix adds; it must equal the writer's bytes exactly.
    /// </summary>
    private static void AssertDeliveredAsWritten(byte[] delivered, OutgoingMessage message, bool utf8)
    {
        var expected = SmtpTestData.Mime(message, utf8);
        var expectedLf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(expected).Replace("\r\n", "\n"));
        var text = Encoding.UTF8.GetString(delivered);
        var firstLine = Encoding.UTF8.GetString(expectedLf).Split('\n')[0] + "\n";
        var start = text.IndexOf(firstLine, StringComparison.Ordinal);
        Assert.True(start > 0, "the message's first header is not in the delivered file");
        var prefix = text.Substring(0, start);
        foreach (var line in prefix.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(line.StartsWith(' ') || line.StartsWith('\t') || PostfixTraceHeaders.Any(h => line.StartsWith(h, StringComparison.Ordinal)), $"unexpected header added before the message: {line}");
        }

        var body = delivered.AsSpan(Encoding.UTF8.GetByteCount(prefix)).ToArray();
        Assert.Equal(expectedLf, body);
    }

    [PostfixFact]
    public async Task Starttls_and_auth_plain_deliver_the_message_byte_for_byte()
    {
        var server = PostfixTestServer.Require();
        var marker = Marker();
        var attachment = EncodedAttachment.FromBytes(Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7)).ToArray(), "Angebot Übersicht.pdf");
        var message = SmtpTestData.Message(
            body: "Guten Tag,\r\n.a line starting with a dot\r\nPreise in €.\r\n",
            to: new[] { "sales@vendor.example", "second@vendor.example" },
            cc: new[] { "copy@vendor.example" },
            attachments: new[] { attachment },
            id: $"rfq.{marker}@contoso.com");
        var log = new List<string>();

        SmtpSendResult result;
        await using (var client = new SmtpSubmissionClient(Settings(server, server.SubmissionPort, s => s.ProtocolLog = log.Add)))
        {
            result = await client.SendAsync(message, CancellationToken.None);
            Assert.True(client.IsEncrypted);
            Assert.True(client.Capabilities!.Pipelining);
        }

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        Assert.Equal(3, result.Recipients.Count(r => r.Accepted));
        Assert.Contains("C: AUTH PLAIN ***", log);
        Assert.DoesNotContain(log, l => l.Contains(server.PasswordText));
        var delivered = await server.WaitForMessagesAsync(marker, 3, TimeSpan.FromSeconds(30));
        Assert.Equal(3, delivered.Count);
        foreach (var file in delivered)
        {
            AssertDeliveredAsWritten(file, message, utf8: false);
        }
    }

    [PostfixFact]
    public async Task A_sequence_pipelined_behind_each_final_dot_delivers_every_message_byte_for_byte()
    {
        var server = PostfixTestServer.Require();
        var marker = Marker();
        var attachment = EncodedAttachment.FromBytes(Enumerable.Range(0, 100_000).Select(i => (byte)(i * 13)).ToArray(), "spec.pdf");
        var messages = Enumerable.Range(1, 5)
            .Select(i => SmtpTestData.Message(
                body: $"Message {i}.\r\n.dot line\r\n",
                to: new[] { $"sales{i}@vendor.example" },
                attachments: new[] { attachment },
                id: $"rfq.{marker}.{i}@contoso.com"))
            .ToArray();
        var log = new List<string>();
        var results = new SmtpSendResult?[messages.Length];

        await using (var client = new SmtpSubmissionClient(Settings(server, server.SubmissionPort, s => s.ProtocolLog = log.Add)))
        {
            await client.SendManyAsync(messages, (i, r) =>
            {
                results[i] = r;
                return Task.CompletedTask;
            }, CancellationToken.None);
            Assert.True(client.Capabilities!.Pipelining);
            Assert.Equal(1, client.ConnectionsOpened);
        }

        // The envelope of the next message goes out between a final dot and its reply.
        var dots = log.Select((line, index) => (line, index)).Where(x => x.line == "C: .").Select(x => x.index).ToList();
        Assert.Equal(5, dots.Count);
        Assert.All(dots.Take(4), dot => Assert.StartsWith("C: MAIL FROM:", log[dot + 1]));
        Assert.DoesNotContain(log, l => l.Contains(server.PasswordText));
        Assert.All(results, r => Assert.Equal(TransportOutcomeKind.Sent, r!.Outcome.Kind));
        foreach (var i in Enumerable.Range(1, 5))
        {
            var delivered = Assert.Single(await server.WaitForMessagesAsync($"{marker}.{i}@", 1, TimeSpan.FromSeconds(30)));
            AssertDeliveredAsWritten(delivered, messages[i - 1], utf8: false);
        }
    }

    [PostfixFact]
    public async Task Smtputf8_message_with_an_8bit_body_arrives_byte_for_byte()
    {
        var server = PostfixTestServer.Require();
        var marker = Marker();
        var message = SmtpTestData.Message(
            body: "Grüße aus Köln.\r\n.leading dot\r\n..two\r\n",
            to: new[] { "jürgen@lieferant.example" },
            id: $"rfq.{marker}@contoso.com");

        await using (var client = new SmtpSubmissionClient(Settings(server, server.SubmissionPort)))
        {
            var result = await client.SendAsync(message, CancellationToken.None);
            Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        }

        var delivered = Assert.Single(await server.WaitForMessagesAsync(marker, 1, TimeSpan.FromSeconds(30)));
        AssertDeliveredAsWritten(delivered, message, utf8: true);
    }

    [PostfixFact]
    public async Task Implicit_tls_with_auth_login_delivers()
    {
        var server = PostfixTestServer.Require();
        var marker = Marker();
        var message = SmtpTestData.Message(id: $"rfq.{marker}@contoso.com");

        await using (var client = new SmtpSubmissionClient(Settings(server, server.SmtpsPort, s => s.AuthMechanism = SmtpAuthMechanism.Login)))
        {
            var result = await client.SendAsync(message, CancellationToken.None);
            Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
            Assert.True(client.IsEncrypted);
        }

        AssertDeliveredAsWritten(Assert.Single(await server.WaitForMessagesAsync(marker, 1, TimeSpan.FromSeconds(30))), message, utf8: false);
    }

    [PostfixFact]
    public async Task A_wrong_password_throws_without_the_password()
    {
        var server = PostfixTestServer.Require();
        const string wrong = "Wrong-Password-123!";
        var log = new List<string>();
        await using var client = new SmtpSubmissionClient(Settings(server, server.SubmissionPort, s =>
        {
            s.Password = null;
            s.PasswordProvider = () => wrong;
            s.ProtocolLog = log.Add;
        }));

        var error = await Assert.ThrowsAsync<SmtpAuthenticationException>(() => client.SendAsync(SmtpTestData.Message(), CancellationToken.None));

        Assert.Contains("535", error.Message);
        Assert.Contains($"'{server.User}'", error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(wrong)), error.ToString());
        Assert.DoesNotContain(log, l => l.Contains(wrong) || l.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + server.User + "\0" + wrong))));
    }

    [PostfixFact]
    public async Task The_test_ca_is_not_trusted_by_default()
    {
        var server = PostfixTestServer.Require();
        await using var client = new SmtpSubmissionClient(Settings(server, server.SubmissionPort, s => s.TrustedCaCertificatePath = null));

        var error = await Assert.ThrowsAsync<SmtpCertificateException>(() => client.SendAsync(SmtpTestData.Message(), CancellationToken.None));

        Assert.Contains("not issued by a trusted root CA", error.Message);
        Assert.Contains("RfqSender Test CA", error.Message);
    }

    [PostfixFact]
    public async Task Skipping_certificate_validation_connects()
    {
        var server = PostfixTestServer.Require();
        var marker = Marker();
        await using var client = new SmtpSubmissionClient(Settings(server, server.SmtpsPort, s =>
        {
            s.TrustedCaCertificatePath = null;
            s.SkipCertificateValidation = true;
        }));

        var result = await client.SendAsync(SmtpTestData.Message(id: $"rfq.{marker}@contoso.com"), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        Assert.Single(await server.WaitForMessagesAsync(marker, 1, TimeSpan.FromSeconds(30)));
    }

    [PostfixFact]
    public async Task A_thousand_messages_go_over_one_connection_and_all_arrive()
    {
        const int count = 1000;
        var server = PostfixTestServer.Require();
        var marker = Marker();
        var outcomes = new List<TransportOutcome>(count);
        await using (var transport = new SmtpTransport(Settings(server, server.SubmissionPort)))
        {
            for (var i = 0; i < count; i++)
            {
                var message = SmtpTestData.Message(body: $"Message {i} of the burst.\r\n", id: $"rfq.{marker}.{i}@contoso.com");
                outcomes.Add(await transport.SendAsync(message, CancellationToken.None));
            }

            Assert.Equal(1, transport.Client.ConnectionsOpened);
            Assert.Equal(count, transport.Client.MessagesSent);
        }

        Assert.All(outcomes, o => Assert.Equal(TransportOutcomeKind.Sent, o.Kind));
        var delivered = await server.WaitForMessagesAsync(marker, count, TimeSpan.FromSeconds(90));
        Assert.Equal(count, delivered.Count);
        var ids = delivered.Select(d => Encoding.ASCII.GetString(d)).Select(t => t.Substring(t.IndexOf("Message-ID: <", StringComparison.Ordinal)).Split('>')[0]).Distinct().Count();
        Assert.Equal(count, ids);
    }
}
