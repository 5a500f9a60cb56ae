using System.Text;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

public sealed class MimeMessageWriterTests
{
    [Theory]
    [InlineData(true, false, false, "text/plain")]
    [InlineData(false, true, false, "text/html")]
    [InlineData(true, true, false, "multipart/alternative")]
    [InlineData(true, false, true, "multipart/mixed")]
    [InlineData(true, true, true, "multipart/mixed")]
    public void Body_structure_follows_the_content(bool text, bool html, bool attachment, string topType)
    {
        var message = SampleMessages.Create(
            text: text ? "plain body" : null,
            html: html ? "<p>html body</p>" : null,
            attachments: attachment ? new[] { EncodedAttachment.FromBytes(new byte[] { 1, 2, 3 }, "a.bin") } : null);

        var output = SampleMessages.WriteText(message);
        var contentType = SampleMessages.Headers(output).Single(h => h.Name == "Content-Type").Value;

        Assert.StartsWith(topType, contentType, StringComparison.Ordinal);
        var types = output.Split("\r\n").Where(l => l.StartsWith("Content-Type:", StringComparison.Ordinal)).Select(l => l.Substring(14).TrimEnd(';')).ToList();
        var expected = new List<string>();
        if (attachment)
        {
            expected.Add("multipart/mixed");
        }

        if (text && html)
        {
            expected.Add("multipart/alternative");
        }

        if (text)
        {
            expected.Add("text/plain; charset=utf-8");
        }

        if (html)
        {
            expected.Add("text/html; charset=utf-8");
        }

        if (attachment)
        {
            expected.Add("application/octet-stream; name=\"a.bin\"");
        }

        Assert.Equal(expected, types);
    }

    [Fact]
    public async Task Same_message_gives_the_same_bytes_and_async_matches_sync()
    {
        var attachment = EncodedAttachment.FromBytes(Encoding.UTF8.GetBytes("spec"), "spec.pdf");
        OutgoingMessage Make() => SampleMessages.Create(subject: "Größe", html: "<p>x</p>", attachments: new[] { attachment });

        var first = SampleMessages.Write(Make());
        var second = SampleMessages.Write(Make());
        using var async = new MemoryStream();
        await new MimeMessageWriter().WriteAsync(Make(), async, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(first, async.ToArray());
        Assert.NotEqual(first, SampleMessages.Write(SampleMessages.Create(subject: "Größe", html: "<p>x</p>", attachments: new[] { attachment }, messageId: "other@contoso.com")));
    }

    [Fact]
    public void Shared_attachment_is_written_identically_into_every_message()
    {
        var content = new byte[100_000];
        new Random(3).NextBytes(content);
        var attachment = EncodedAttachment.FromBytes(content, "drawing.dwg");
        var expectedPart = EncodedAttachmentTests.Bytes(attachment);
        var vendors = new[] { "V-001", "V-002" };

        foreach (var vendor in vendors)
        {
            var from = MailboxAddress.Parse("purchasing@contoso.com");
            var message = SampleMessages.Create(from: from, messageId: MessageIdFactory.Create("RFQ-1", vendor, from), attachments: new[] { attachment });
            var bytes = SampleMessages.Write(message);

            Assert.True(IndexOf(bytes, expectedPart) > 0, $"the encoded part is not in the message for {vendor}");
        }
    }

    [Fact]
    public void Boundaries_do_not_appear_in_content_built_to_collide()
    {
        var probe = SampleMessages.Create(html: "<p/>", attachments: new[] { EncodedAttachment.FromBytes(new byte[1], "a.bin") });
        var boundaries = SampleMessages.WriteText(probe).Split("\r\n")
            .Where(l => l.Contains("boundary=", StringComparison.Ordinal))
            .Select(l => l.Substring(l.IndexOf('"') + 1).TrimEnd('"'))
            .ToList();
        Assert.Equal(2, boundaries.Count);

        var hostile = string.Join("\n", boundaries.SelectMany(b => new[] { "--" + b, "--" + b + "--", b }));
        var attachmentBytes = Encoding.ASCII.GetBytes(hostile);
        var message = SampleMessages.Create(
            text: hostile,
            html: hostile,
            attachments: new[] { EncodedAttachment.FromBytes(attachmentBytes, "a.bin") });

        var lines = SampleMessages.WriteText(message).Split("\r\n");

        foreach (var boundary in boundaries)
        {
            var delimiterLines = lines.Where(l => l.StartsWith("--" + boundary, StringComparison.Ordinal)).ToList();
            // mixed: opening, before the attachment, closing; alternative: opening, before the HTML, closing.
            Assert.Equal(3, delimiterLines.Count);
        }

        Assert.All(boundaries, b => Assert.Contains("=_", b, StringComparison.Ordinal));
    }

    [Fact]
    public void Custom_boundaries_are_validated()
    {
        var message = SampleMessages.Create(html: "<p/>");

        Assert.Throws<MimeWriteException>(() => SampleMessages.Write(message, new MimeWriterOptions { BoundaryFactory = (_, _) => "plain-boundary" }));
        Assert.Throws<MimeWriteException>(() => SampleMessages.Write(message, new MimeWriterOptions { BoundaryFactory = (_, _) => "=_" + new string('b', 70) }));
        Assert.Throws<MimeWriteException>(() => SampleMessages.Write(message, new MimeWriterOptions { BoundaryFactory = (_, _) => "=_bad\"quote" }));
        var output = SampleMessages.WriteText(message, new MimeWriterOptions { BoundaryFactory = (_, depth) => "=_custom" + depth });
        Assert.Contains("\r\n--=_custom0--\r\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_boundaries_may_not_prefix_each_other()
    {
        var message = SampleMessages.Create(html: "<p/>", attachments: new[] { EncodedAttachment.FromBytes(new byte[1], "a.bin") });

        Assert.Throws<MimeWriteException>(() => SampleMessages.Write(message, new MimeWriterOptions { BoundaryFactory = (_, depth) => "=_b" + new string('x', depth) }));
    }

    [Fact]
    public void Text_bodies_are_quoted_printable_or_base64_whichever_is_shorter()
    {
        var latin = SampleMessages.WriteText(SampleMessages.Create(text: "Sehr geehrte Damen und Herren, bitte um Angebot für Größe 3.\n"));
        var cjk = SampleMessages.WriteText(SampleMessages.Create(text: string.Concat(Enumerable.Repeat("見積依頼書をお送りします。", 20))));

        Assert.Contains("Content-Transfer-Encoding: quoted-printable", latin, StringComparison.Ordinal);
        Assert.Contains("f=C3=BCr Gr=C3=B6=C3=9Fe", latin, StringComparison.Ordinal);
        Assert.Contains("Content-Transfer-Encoding: base64", cjk, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_endings_are_normalised_to_crlf()
    {
        var output = SampleMessages.Write(SampleMessages.Create(text: "a\nb\r\nc\rd"));
        var body = Encoding.ASCII.GetString(output).Split("\r\n\r\n", 2)[1];

        Assert.Equal("a\r\nb\r\nc\r\nd=\r\n", body);
        for (var i = 0; i < output.Length; i++)
        {
            Assert.True(output[i] != (byte)'\n' || (i > 0 && output[i - 1] == (byte)'\r'), $"bare LF at {i}");
            Assert.True(output[i] != (byte)'\r' || (i + 1 < output.Length && output[i + 1] == (byte)'\n'), $"bare CR at {i}");
        }
    }

    [Fact]
    public void Seven_bit_output_is_ascii_with_short_lines()
    {
        var message = SampleMessages.Create(
            subject: "Größe " + new string('ü', 100),
            text: new string('ä', 500) + "\n" + new string('a', 2000),
            html: "<p>" + new string('€', 300) + "</p>",
            to: new[] { MailboxAddress.Parse("Ünal Öztürk <uenal@türkei.example>") });

        var bytes = SampleMessages.Write(message);

        Assert.All(bytes, b => Assert.True(b < 128));
        Assert.All(SampleMessages.Lines(bytes), l => Assert.True(l.Length <= 78, l));
    }

    [Fact]
    public void Utf8_mode_falls_back_to_quoted_printable_for_long_lines_or_boundary_text()
    {
        var options = new MimeWriterOptions { AllowUtf8 = true };
        var longLine = SampleMessages.WriteText(SampleMessages.Create(text: new string('a', 1200) + "ü"), options);
        var boundary = MimeMessageWriter.DefaultBoundary(SampleMessages.Create().MessageId, 0);
        var collide = SampleMessages.WriteText(SampleMessages.Create(text: "x\n--" + boundary + "\n", html: "<p/>"), options);

        Assert.Contains("Content-Transfer-Encoding: quoted-printable", longLine, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable", collide, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit", collide, StringComparison.Ordinal);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
