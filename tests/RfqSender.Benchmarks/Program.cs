using System.Diagnostics;
using System.Globalization;
using System.Net.Mail;
using System.Text;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

// SMTP throughput on one connection: RfqSender's SmtpSubmissionClient against
// System.Net.Mail.SmtpClient (the engine behind Send-MailMessage), same server, same messages.
// Usage: dotnet run -c Release --project tests/RfqSender.Benchmarks -- [--postfix-port 2526] [--count 2000] [--attachment-count 300]
// Issue 16's status page reads (pages of 100,000 deliveries): ... -- pages [--store-connection ...]; see PagesBenchmark.
// Issue 4's scale benchmarks (100,000 vendors, memory, resume, rate limit): ... -- scale [options]; see ScaleBenchmark.
namespace RfqSender.Benchmarks;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "scale")
        {
            return await ScaleBenchmark.RunAsync(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "pages")
        {
            return await PagesBenchmark.RunAsync(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "vendors-memory")
        {
            return VendorMemoryProbe.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "scale-run")
        {
            return await ScenarioRun.RunAsync(args.Skip(1).ToArray());
        }

        var postfixPort = IntArg(args, "--postfix-port", 2526);
        var count = IntArg(args, "--count", 2000);
        var attachmentCount = IntArg(args, "--attachment-count", 300);
        var body = BuildBody(10 * 1024);
        var attachmentBytes = new byte[100 * 1024];
        new Random(42).NextBytes(attachmentBytes);
        var attachment = EncodedAttachment.FromBytes(attachmentBytes, "drawing.pdf");

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        using var sink = new SmtpSink();
        var servers = new List<(string Name, int Port)> { ("in-process sink", sink.Port) };
        if (Probe(postfixPort))
        {
            servers.Add(("Postfix 127.0.0.1:" + postfixPort.ToString(CultureInfo.InvariantCulture) + " (discard)", postfixPort));
        }
        else
        {
            Console.WriteLine($"no Postfix on 127.0.0.1:{postfixPort}; measuring the in-process sink only");
        }

        foreach (var (name, port) in servers)
        {
            foreach (var (label, n, withAttachment) in new[] { ("10 KB text", count, false), ("10 KB text + 100 KB attachment", attachmentCount, true) })
            {
                var ours = await OursAsync(port, n, body, withAttachment ? attachment : null);
                var sequence = await OursAsync(port, n, body, withAttachment ? attachment : null, SequenceLength);
                var theirs = Theirs(port, n, body, withAttachment ? attachmentBytes : null);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name,-34} | {label,-31} | {n,5} msgs | RfqSender {ours,9:F0} msg/s | in sequences of {SequenceLength} {sequence,7:F0} msg/s | SmtpClient {theirs,7:F0} msg/s | ratio {ours / theirs,6:F1}x"));
            }
        }

        return 0;
    }

    /// <summary>How many messages one SendManyAsync call carries in the sequence rows (a dispatcher's batch).</summary>
    private const int SequenceLength = 50;

    private static async Task<double> OursAsync(int port, int count, string body, EncodedAttachment? attachment, int sequence = 1)
    {
        var settings = new SmtpSettings { Server = "127.0.0.1", Port = port, TlsMode = SmtpTlsMode.None, ClientName = "bench.local" };
        await using var client = new SmtpSubmissionClient(settings);
        OutgoingMessage Make(int i) => new(
            $"rfq.bench.{i}@contoso.com",
            MailboxAddress.Parse("buyer@contoso.com"),
            null,
            new[] { MailboxAddress.Parse("sales@vendor.example") },
            Array.Empty<MailboxAddress>(),
            "RFQ-2026-001 Request for quotation",
            body,
            null,
            DateTimeOffset.UtcNow,
            attachment is null ? Array.Empty<EncodedAttachment>() : new[] { attachment });

        for (var i = 0; i < 20; i++)
        {
            Check((await client.SendAsync(Make(-i - 1), CancellationToken.None)).Outcome);
        }

        var watch = Stopwatch.StartNew();
        if (sequence <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                Check((await client.SendAsync(Make(i), CancellationToken.None)).Outcome);
            }
        }
        else
        {
            for (var first = 0; first < count; first += sequence)
            {
                var batch = Enumerable.Range(first, Math.Min(sequence, count - first)).Select(Make).ToList();
                await client.SendManyAsync(batch, (_, result) =>
                {
                    Check(result.Outcome);
                    return Task.CompletedTask;
                }, CancellationToken.None);
            }
        }

        watch.Stop();
        if (client.ConnectionsOpened != 1)
        {
            throw new InvalidOperationException($"expected one connection, opened {client.ConnectionsOpened}");
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static double Theirs(int port, int count, string body, byte[]? attachment)
    {
        using var client = new SmtpClient("127.0.0.1", port) { EnableSsl = false, DeliveryMethod = SmtpDeliveryMethod.Network };
        MailMessage Make()
        {
            var message = new MailMessage("buyer@contoso.com", "sales@vendor.example", "RFQ-2026-001 Request for quotation", body)
            {
                BodyEncoding = Encoding.UTF8,
            };
            if (attachment is not null)
            {
                message.Attachments.Add(new Attachment(new MemoryStream(attachment), "drawing.pdf", "application/pdf"));
            }

            return message;
        }

        for (var i = 0; i < 20; i++)
        {
            using var warm = Make();
            client.Send(warm);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var message = Make();
            client.Send(message);
        }

        watch.Stop();
        return count / watch.Elapsed.TotalSeconds;
    }

    private static void Check(TransportOutcome outcome)
    {
        if (outcome.Kind != TransportOutcomeKind.Sent)
        {
            throw new InvalidOperationException("not sent: " + outcome);
        }
    }

    private static string BuildBody(int size)
    {
        var sb = new StringBuilder(size + 100);
        var line = 0;
        while (sb.Length < size)
        {
            sb.Append("Item ").Append(line++).Append(": please quote 250 pieces of part 4711-B, delivery to Hamburg within 6 weeks.\r\n");
        }

        return sb.ToString();
    }

    internal static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static bool Probe(int port)
    {
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            return tcp.ConnectAsync("127.0.0.1", port).Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
