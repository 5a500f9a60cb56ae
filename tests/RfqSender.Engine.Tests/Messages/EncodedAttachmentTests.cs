using System.Text;
using System.Text.RegularExpressions;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

public sealed class EncodedAttachmentTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rfq-att-" + Guid.NewGuid().ToString("N"));

    public EncodedAttachmentTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(56)]
    [InlineData(57)]
    [InlineData(58)]
    [InlineData(57 * 1024)]
    [InlineData((57 * 1024) + 5)]
    [InlineData(300_001)]
    public void File_is_encoded_as_base64_lines_of_76(int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        var path = Path.Combine(_directory, "data.bin");
        File.WriteAllBytes(path, content);

        var attachment = EncodedAttachment.FromFile(path);
        var (headers, body) = Split(attachment);
        var lines = body.Split("\r\n");

        Assert.Equal(size, attachment.Length);
        Assert.Equal(Encoding.ASCII.GetByteCount(headers) + 4 + body.Length, attachment.EncodedLength);
        Assert.Equal(content, Convert.FromBase64String(body.Replace("\r\n", string.Empty)));
        Assert.All(lines.Take(lines.Length - 2), l => Assert.Equal(76, l.Length));
        Assert.Equal(string.Empty, lines[^1]);
        Assert.True(size == 0 || lines[^2].Length is > 0 and <= 76);
        Assert.Contains("Content-Transfer-Encoding: base64", headers, StringComparison.Ordinal);
        Assert.Equal(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks) + (size == 0 ? string.Empty : "\r\n"), body);
    }

    [Fact]
    public void File_is_read_once_and_not_needed_afterwards()
    {
        var content = Encoding.UTF8.GetBytes("quote sheet");
        var path = Path.Combine(_directory, "sheet.xlsx");
        File.WriteAllBytes(path, content);

        var attachment = EncodedAttachment.FromFile(path);
        var before = Bytes(attachment);
        File.Delete(path);

        Assert.Equal(before, Bytes(attachment));
        Assert.Equal(content, Convert.FromBase64String(Split(attachment).Body));
        var from = MailboxAddress.Parse("purchasing@contoso.com");
        foreach (var vendor in new[] { "V-1", "V-2" })
        {
            var message = SampleMessages.Create(from: from, messageId: MessageIdFactory.Create("RFQ-1", vendor, from), attachments: new[] { attachment });
            var written = Encoding.ASCII.GetString(SampleMessages.Write(message));
            Assert.Contains(Encoding.ASCII.GetString(before), written, StringComparison.Ordinal);
        }
        Assert.Equal("sheet.xlsx", attachment.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachment.ContentType);
    }

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var path = Path.Combine(_directory, "missing.pdf");

        var error = Assert.ThrowsAny<RfqSenderException>(() => EncodedAttachment.FromFile(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("offer.PDF", "application/pdf")]
    [InlineData("spec.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("drawings.zip", "application/zip")]
    [InlineData("photo.jpg", "image/jpeg")]
    [InlineData("photo.png", "image/png")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("items.csv", "text/csv")]
    [InlineData("no-extension", "application/octet-stream")]
    [InlineData("model.unknownext", "application/octet-stream")]
    public void Content_type_follows_the_extension(string name, string expected)
    {
        var attachment = EncodedAttachment.FromBytes(new byte[] { 1 }, name);

        Assert.Equal(expected, attachment.ContentType);
        Assert.StartsWith("Content-Type: " + expected + ";", Split(attachment).Headers, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_content_type_is_used_and_validated()
    {
        Assert.Equal("application/x-custom", EncodedAttachment.FromBytes(new byte[1], "a.pdf", "Application/X-Custom").ContentType);
        var error = Assert.Throws<MimeWriteException>(() => EncodedAttachment.FromBytes(new byte[1], "a.pdf", "pdf\r\nBcc: x@example.com"));
        Assert.Equal("Content-Type", error.HeaderName);
    }

    [Fact]
    public void Ascii_name_is_a_plain_quoted_parameter()
    {
        var headers = Split(EncodedAttachment.FromBytes(new byte[1], "offer 2026.pdf")).Headers;

        Assert.Contains("name=\"offer 2026.pdf\"", headers, StringComparison.Ordinal);
        Assert.Contains("filename=\"offer 2026.pdf\"", headers, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_non_ascii_name_uses_rfc2231_sections_without_splitting_characters()
    {
        var name = "Größenübersicht für Straßenbeleuchtung – Ölhafen 🚢 " + string.Concat(Enumerable.Repeat("東京", 20)) + ".pdf";

        var headers = Split(EncodedAttachment.FromBytes(new byte[1], name)).Headers;
        var unfolded = headers.Replace("\r\n ", " ");
        var sections = Regex.Matches(unfolded, @"filename\*(\d+)\*=([^;\r\n]*)").Select(m => (Index: int.Parse(m.Groups[1].Value), Value: m.Groups[2].Value)).ToList();

        Assert.True(sections.Count > 2);
        Assert.Equal(Enumerable.Range(0, sections.Count), sections.Select(s => s.Index));
        Assert.StartsWith("utf-8''", sections[0].Value, StringComparison.Ordinal);
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var decoded = string.Concat(sections.Select((s, i) => strict.GetString(PercentDecode(i == 0 ? s.Value.Substring(7) : s.Value))));
        Assert.Equal(name, decoded);
        Assert.DoesNotMatch(@"filename=", unfolded);
        Assert.All(headers.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        Assert.All(headers, c => Assert.True(c < 128));

        var fallback = Regex.Match(unfolded, "name=\"([^\"]*)\"").Groups[1].Value;
        Assert.EndsWith(".pdf", fallback, StringComparison.Ordinal);
        Assert.StartsWith("Gro_enubersicht fur Stra_enbeleuchtung _ Olhafen", fallback, StringComparison.Ordinal);
        Assert.All(fallback, c => Assert.InRange(c, ' ', '~'));
    }

    [Theory]
    [InlineData("")]
    [InlineData("evil.pdf\r\nBcc: x@example.com")]
    [InlineData("tab\tname.pdf")]
    public void Invalid_file_names_are_rejected(string name)
    {
        var error = Assert.Throws<MimeWriteException>(() => EncodedAttachment.FromBytes(new byte[1], name));

        Assert.Equal("Content-Disposition", error.HeaderName);
    }

    [Fact]
    public async Task Same_instance_writes_identical_bytes_sync_and_async()
    {
        var attachment = EncodedAttachment.FromBytes(Encoding.UTF8.GetBytes("x"), "a.txt");
        using var async = new MemoryStream();

        await attachment.WriteToAsync(async, CancellationToken.None);

        Assert.Equal(Bytes(attachment), async.ToArray());
    }

    internal static byte[] Bytes(EncodedAttachment attachment)
    {
        using var stream = new MemoryStream();
        attachment.WriteTo(stream);
        return stream.ToArray();
    }

    private static (string Headers, string Body) Split(EncodedAttachment attachment)
    {
        var text = Encoding.ASCII.GetString(Bytes(attachment));
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (text.Substring(0, end), text.Substring(end + 4));
    }

    private static byte[] PercentDecode(string value)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%')
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)value[i]);
            }
        }

        return bytes.ToArray();
    }
}
