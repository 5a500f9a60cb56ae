using System.Security.Cryptography;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>Messages written to .eml files and read back by Python's email package.</summary>
public sealed class EmlReadbackTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rfq-mime-" + Guid.NewGuid().ToString("N"));

    public EmlReadbackTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Python_reads_back_every_field_of_varied_messages()
    {
        var random = new Random(20260303);
        var binary = new byte[200_003];
        random.NextBytes(binary);
        var pdfPath = Path.Combine(_directory, "spec.bin");
        File.WriteAllBytes(pdfPath, binary);
        var small = new byte[] { 0, 1, 2, 255, 13, 10, 13, 46, 61 };

        var longUnicodeName = "Technische Spezifikation – Kabel NYM-J 3×2,5 mm² für Großprojekt Straße Ölhafen 🚢 Los 7 (endgültig).pdf";
        var attachments = new[]
        {
            EncodedAttachment.FromFile(pdfPath, longUnicodeName),
            EncodedAttachment.FromBytes(small, "prices.csv"),
            EncodedAttachment.FromBytes(Array.Empty<byte>(), "empty file; \"quoted\" name.txt"),
        };

        var cases = new[]
        {
            SampleMessages.Create(),
            SampleMessages.Create(
                subject: "Anfrage RFQ-2026-114 – Kabel für Großprojekt „Ölhafen“ – bitte bis 31.03. antworten 🚢 und danke schön, viele Grüße",
                text: "Sehr geehrte Damen und Herren,\r\n\r\nbitte bieten Sie an: 40 × NYM-J 3×2,5 mm².  \n.\n.leading dot\n" + new string('x', 200) + " trailing tab\t\n=3D literal\n",
                html: "<html><body><p>Sehr geehrte Damen und Herren,</p><p>40 &times; NYM-J – für „Ölhafen“ 🚢</p>" + new string('y', 150) + "</body></html>",
                attachments: attachments,
                from: MailboxAddress.Parse("\"Einkauf, Müller & Söhne\" <einkauf@müller-söhne.de>"),
                replyTo: MailboxAddress.Parse("Angebote (RFQ) <angebote@müller-söhne.de>"),
                to: new[]
                {
                    MailboxAddress.Parse("Jörg Straßer <joerg@example.com>"),
                    MailboxAddress.Parse("info@bücher.example"),
                    MailboxAddress.Parse("\"Berg, Anna\" <anna@example.com>"),
                },
                cc: new[]
                {
                    MailboxAddress.Parse("Ελένη Παπαδοπούλου <eleni@example.gr>"),
                    MailboxAddress.Parse("王小明 <wang@example.cn>"),
                    MailboxAddress.Parse("A very long display name that certainly needs folding somewhere <long.address.for.folding@subdomain.example.com>"),
                },
                extraHeaders: new[] { new KeyValuePair<string, string>("X-RFQ-Number", "RFQ-2026-114"), new("X-Note", "Größe ok") }),
            SampleMessages.Create(subject: "Только HTML", text: null, html: "<p>Только HTML — 東京</p>", messageId: "rfq.1.2@contoso.com"),
            SampleMessages.Create(subject: "=?utf-8?Q?not_an_encoded_word?= literally", text: "ASCII only\n", attachments: new[] { attachments[1] }),
            SampleMessages.Create(subject: new string('s', 120) + " " + string.Concat(Enumerable.Repeat("🙂", 40)), text: string.Concat(Enumerable.Repeat("日本語のテキスト", 60))),
        };

        var paths = new List<string>();
        var writer = new MimeMessageWriter();
        for (var i = 0; i < cases.Length; i++)
        {
            var path = Path.Combine(_directory, $"message-{i}.eml");
            await using (var file = File.Create(path))
            {
                await writer.WriteAsync(cases[i], file, CancellationToken.None);
            }

            paths.Add(path);
        }

        var parsed = PythonEmailReader.ReadAll(paths);

        Assert.Equal(cases.Length, parsed.Count);
        for (var i = 0; i < cases.Length; i++)
        {
            AssertReadBack(cases[i], parsed[i], i == 1 ? new[] { binary, small, Array.Empty<byte>() } : i == 3 ? new[] { small } : Array.Empty<byte[]>());
            foreach (var line in File.ReadAllText(paths[i]).Split("\r\n"))
            {
                Assert.True(line.Length <= HeaderBuilder.SoftLimit, $"message {i}: line of {line.Length} characters: {line}");
                Assert.True(line.All(c => c < 128), $"message {i}: non-ASCII line {line}");
            }
        }
    }

    private static void AssertReadBack(OutgoingMessage expected, ParsedEmail actual, byte[][] attachmentContents)
    {
        Assert.Empty(actual.Defects);
        Assert.Equal(expected.Subject, actual.Subject);
        AssertAddresses(new[] { expected.From }, actual.From);
        AssertAddresses(expected.To, actual.To);
        AssertAddresses(expected.Cc.Count == 0 ? null : expected.Cc, actual.Cc);
        AssertAddresses(expected.ReplyTo is null ? null : new[] { expected.ReplyTo }, actual.ReplyTo);
        Assert.Null(actual.Bcc);
        Assert.Equal("<" + expected.MessageId + ">", actual.MessageId);
        Assert.Equal(expected.Date, actual.Date);
        Assert.Equal(expected.Date.Offset, actual.Date!.Value.Offset);
        Assert.Equal("1.0", actual.MimeVersion);
        Assert.Equal(Normalize(expected.TextBody), Normalize(actual.Text));
        Assert.Equal(Normalize(expected.HtmlBody), Normalize(actual.Html));
        foreach (var extra in expected.ExtraHeaders)
        {
            Assert.Contains(extra.Key, actual.HeaderNames);
        }

        Assert.Equal(
            new[] { "Date", "From", "Reply-To", "To", "Cc", "Subject", "Message-ID", "MIME-Version" }
                .Where(actual.HeaderNames.Contains)
                .Concat(expected.ExtraHeaders.Select(h => h.Key))
                .Concat(new[] { "Content-Type" }),
            actual.HeaderNames.Where(n => n != "Content-Transfer-Encoding"));

        var expectedType = expected.Attachments.Count > 0 ? "multipart/mixed"
            : expected.TextBody is not null && expected.HtmlBody is not null ? "multipart/alternative"
            : expected.TextBody is not null ? "text/plain" : "text/html";
        Assert.Equal(expectedType, actual.ContentType);
        Assert.All(actual.Parts.Where(p => p.ContentType.StartsWith("text/", StringComparison.Ordinal) && p.Disposition is null), p => Assert.Equal("utf-8", p.Charset));

        Assert.Equal(expected.Attachments.Count, actual.Attachments.Count);
        for (var i = 0; i < expected.Attachments.Count; i++)
        {
            Assert.Equal(expected.Attachments[i].FileName, actual.Attachments[i].FileName);
            Assert.Equal(expected.Attachments[i].ContentType, actual.Attachments[i].ContentType);
            Assert.Equal(attachmentContents[i].Length, actual.Attachments[i].Size);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(attachmentContents[i])).ToLowerInvariant(), actual.Attachments[i].Sha256);
        }
    }

    private static void AssertAddresses(IReadOnlyList<MailboxAddress>? expected, List<ParsedAddress>? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(
            expected.Select(a => (a.DisplayName ?? string.Empty, a.AsciiAddress)),
            actual!.Select(a => (a.DisplayName, a.AddrSpec)));
    }

    // Line breaks travel as CRLF; compare bodies independent of the line-break convention.
    private static string? Normalize(string? text) => text?.Replace("\r\n", "\n");
}
