using System.Text;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

public sealed class MimeMessageWriterHeaderTests
{
    [Fact]
    public void Headers_come_in_the_documented_order()
    {
        var message = SampleMessages.Create(
            replyTo: MailboxAddress.Parse("quotes@contoso.com"),
            cc: new[] { MailboxAddress.Parse("boss@example.com") },
            extraHeaders: new[] { new KeyValuePair<string, string>("X-RFQ-Number", "RFQ-2026-114") });

        var headers = SampleMessages.Headers(SampleMessages.WriteText(message));

        Assert.Equal(
            new[] { "Date", "From", "Reply-To", "To", "Cc", "Subject", "Message-ID", "MIME-Version", "X-RFQ-Number", "Content-Type", "Content-Transfer-Encoding" },
            headers.Select(h => h.Name));
        Assert.Equal("Tue, 03 Mar 2026 14:05:09 +0100", headers[0].Value);
        Assert.Equal("Purchasing <purchasing@contoso.com>", headers[1].Value);
        Assert.Equal("quotes@contoso.com", headers[2].Value);
        Assert.Equal("<" + message.MessageId + ">", headers[6].Value);
        Assert.Equal("1.0", headers[7].Value);
        Assert.Equal("RFQ-2026-114", headers[8].Value);
    }

    [Theory]
    [InlineData(2026, 1, 5, 0, 0, 0, -330, "Mon, 05 Jan 2026 00:00:00 -0530")]
    [InlineData(2025, 12, 31, 23, 59, 59, 0, "Wed, 31 Dec 2025 23:59:59 +0000")]
    [InlineData(2026, 7, 4, 9, 8, 7, 345, "Sat, 04 Jul 2026 09:08:07 +0545")]
    public void Date_is_rfc5322_with_numeric_offset_whatever_the_culture(int y, int mo, int d, int h, int mi, int s, int offsetMinutes, string expected)
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal(expected, Rfc5322Date.Format(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes))));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("x\r\nBcc: evil@example.com")]
    [InlineData("x\nBcc: evil@example.com")]
    [InlineData("x\rBcc: evil@example.com")]
    [InlineData("x\u0085Bcc: evil@example.com")]
    [InlineData("Grüße\r\nBcc: evil@example.com")]
    public void Line_breaks_in_the_subject_become_spaces_and_never_a_header(string subject)
    {
        var text = SampleMessages.WriteText(SampleMessages.Create(subject: subject));
        var headers = SampleMessages.Headers(text);

        Assert.DoesNotContain(headers, h => h.Name.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("\r\nBcc", text, StringComparison.OrdinalIgnoreCase);
        var value = headers.Single(h => h.Name == "Subject").Value;
        var decoded = value.StartsWith("=?", StringComparison.Ordinal) ? MimeTestDecoder.DecodeWords(value.Split(' ')) : value;
        Assert.EndsWith(" Bcc: evil@example.com", decoded, StringComparison.Ordinal);
    }

    [Fact]
    public void Subject_from_a_template_loses_its_final_line_break()
    {
        var headers = SampleMessages.Headers(SampleMessages.WriteText(SampleMessages.Create(subject: "RFQ 114\r\n")));

        Assert.Equal("RFQ 114", headers.Single(h => h.Name == "Subject").Value);
    }

    [Theory]
    [InlineData("Anna\r\nBcc: evil@example.com", "line break")]
    [InlineData("Anna\nBcc: evil@example.com", "line break")]
    [InlineData("Anna\u001b[31m", "control character")]
    public void A_display_name_with_a_line_break_or_control_character_cannot_be_made(string name, string reason)
    {
        var error = Assert.Throws<FormatException>(() => MailboxAddress.Parse("anna@example.com").WithDisplayName(name));
        var parsed = MailboxAddress.TryParse("\"" + name + "\" <anna@example.com>", out _, out var parseError);

        Assert.Contains(reason, error.Message);
        Assert.False(parsed);
        Assert.Contains(reason, parseError);
    }

    [Theory]
    [InlineData("X-Note", "a\r\nBcc: evil@example.com")]
    [InlineData("X-Note", "a\nb")]
    [InlineData("X-Note", "nul\0")]
    public void Control_characters_in_extra_header_values_are_rejected_naming_the_header(string name, string value)
    {
        var message = SampleMessages.Create(extraHeaders: new[] { new KeyValuePair<string, string>(name, value) });
        using var output = new MemoryStream();

        var error = Assert.Throws<MimeWriteException>(() => new MimeMessageWriter().Write(message, output));

        Assert.Equal(name, error.HeaderName);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
    }

    [Theory]
    [InlineData("X Note")]
    [InlineData("X:Note")]
    [InlineData("X-Nöte")]
    [InlineData("")]
    [InlineData("Bcc")]
    [InlineData("to")]
    [InlineData("Content-Type")]
    [InlineData("Content-Whatever")]
    [InlineData("Message-ID")]
    public void Invalid_or_reserved_extra_header_names_are_rejected(string name)
    {
        var message = SampleMessages.Create(extraHeaders: new[] { new KeyValuePair<string, string>(name, "v") });

        var error = Assert.Throws<MimeWriteException>(() => SampleMessages.Write(message));

        Assert.Contains("header", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Non_ascii_extra_header_value_is_encoded_and_long_ascii_values_fold()
    {
        var references = string.Join(" ", Enumerable.Range(0, 6).Select(i => $"<rfq.{i:x16}.{i:x16}@contoso.com>"));
        var message = SampleMessages.Create(extraHeaders: new[]
        {
            new KeyValuePair<string, string>("X-Vendor", "Müller & Söhne"),
            new KeyValuePair<string, string>("References", references),
        });

        var text = SampleMessages.WriteText(message);
        var headers = SampleMessages.Headers(text);

        Assert.Equal("Müller & Söhne", MimeTestDecoder.DecodeWords(headers.Single(h => h.Name == "X-Vendor").Value.Split(' ')));
        Assert.Equal(references, headers.Single(h => h.Name == "References").Value);
        Assert.All(text.Split("\r\n"), l => Assert.True(l.Length <= 78, l));
    }

    [Fact]
    public void Long_ascii_subject_folds_at_spaces_and_unfolds_to_the_original()
    {
        var subject = string.Join(" ", Enumerable.Range(0, 40).Select(i => "word" + i)) + "  double  spaces kept";

        var text = SampleMessages.WriteText(SampleMessages.Create(subject: subject));
        var subjectLines = text.Split("\r\n").SkipWhile(l => !l.StartsWith("Subject:", StringComparison.Ordinal)).TakeWhile((l, i) => i == 0 || l.StartsWith(' ')).ToList();

        Assert.True(subjectLines.Count > 2);
        Assert.All(subjectLines, l => Assert.True(l.Length <= 78, l));
        Assert.All(subjectLines.Skip(1), l => Assert.False(string.IsNullOrWhiteSpace(l)));
        Assert.Equal("Subject: " + subject, string.Join("\r\n", subjectLines).Replace("\r\n", string.Empty));
    }

    [Fact]
    public void Subject_with_an_unbreakable_long_word_is_encoded_within_limits()
    {
        var subject = "RFQ " + new string('x', 150);

        var text = SampleMessages.WriteText(SampleMessages.Create(subject: subject));
        var value = SampleMessages.Headers(text).Single(h => h.Name == "Subject").Value;

        Assert.Equal(subject, MimeTestDecoder.DecodeWords(value.Split(' ')));
        Assert.All(text.Split("\r\n"), l => Assert.True(l.Length <= 76 || !l.Contains("=?", StringComparison.Ordinal), l));
    }

    [Fact]
    public void Non_ascii_subject_is_encoded_in_lines_of_at_most_76()
    {
        var subject = "Anfrage – " + string.Concat(Enumerable.Repeat("Größe 🚢 ", 30));

        var text = SampleMessages.WriteText(SampleMessages.Create(subject: subject));
        var subjectLines = text.Split("\r\n").SkipWhile(l => !l.StartsWith("Subject:", StringComparison.Ordinal)).TakeWhile((l, i) => i == 0 || l.StartsWith(' ')).ToList();

        Assert.All(subjectLines, l => Assert.True(l.Length <= 76, l));
        Assert.Equal(subject.Trim(), MimeTestDecoder.DecodeWords(string.Concat(subjectLines).Substring("Subject:".Length).Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Address_lists_fold_between_addresses_and_quote_specials()
    {
        var to = Enumerable.Range(0, 12).Select(i => MailboxAddress.Parse($"\"Buyer {i}, Dept. A\" <buyer{i}@example.com>")).ToList();

        var text = SampleMessages.WriteText(SampleMessages.Create(to: to));
        var value = SampleMessages.Headers(text).Single(h => h.Name == "To").Value;
        var toLines = text.Split("\r\n").SkipWhile(l => !l.StartsWith("To:", StringComparison.Ordinal)).TakeWhile((l, i) => i == 0 || l.StartsWith(' ')).ToList();

        Assert.True(toLines.Count > 3);
        Assert.All(toLines, l => Assert.True(l.Length <= 78, l));
        Assert.Equal(string.Join(", ", to.Select(a => $"\"{a.DisplayName}\" <{a.Address}>")), value);
    }

    [Fact]
    public void Idn_domain_goes_on_the_wire_as_punycode()
    {
        var text = SampleMessages.WriteText(SampleMessages.Create(to: new[] { MailboxAddress.Parse("Info <info@müller.de>") }));

        Assert.Contains("To: Info <info@xn--mller-kva.de>\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_local_part_cannot_be_written_in_7bit_mode()
    {
        var message = SampleMessages.Create(cc: new[] { MailboxAddress.Parse("jörg@example.de") });

        var error = Assert.Throws<MimeWriteException>(() => SampleMessages.Write(message));

        Assert.Equal("Cc", error.HeaderName);
        Assert.Contains("jörg@example.de", error.Message, StringComparison.Ordinal);
        Assert.Contains("SMTPUTF8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_mode_writes_raw_utf8_headers_and_such_addresses()
    {
        var message = SampleMessages.Create(
            subject: "Größe 🚢",
            text: "Grüße\n",
            to: new[] { MailboxAddress.Parse("Jörg <jörg@müller.de>") });

        var text = SampleMessages.WriteText(message, new MimeWriterOptions { AllowUtf8 = true });

        Assert.Contains("Subject: Größe 🚢\r\n", text, StringComparison.Ordinal);
        Assert.Contains("To: Jörg <jörg@xn--mller-kva.de>\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("=?", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two@@contoso.com")]
    [InlineData("a b@contoso.com")]
    [InlineData("x@contoso.com>\r\nBcc: evil@example.com")]
    public void Invalid_message_id_is_rejected(string id)
    {
        var error = Assert.Throws<MimeWriteException>(() => SampleMessages.Write(SampleMessages.Create(messageId: id)));

        Assert.Equal("Message-ID", error.HeaderName);
    }

    [Fact]
    public void Non_ascii_and_special_display_names_are_encoded_or_quoted()
    {
        var to = new[]
        {
            MailboxAddress.Parse("anna@example.com").WithDisplayName("Jörg \"JJ\" Straßer"),
            MailboxAddress.Parse("bob@example.com").WithDisplayName("Bob \"The\" Builder\\"),
            MailboxAddress.Parse("carl@example.com").WithDisplayName("=?utf-8?Q?fake?="),
        };

        var text = SampleMessages.WriteText(SampleMessages.Create(to: to));

        Assert.Contains("\"Bob \\\"The\\\" Builder\\\\\" <bob@example.com>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("=?utf-8?Q?fake?=", text, StringComparison.Ordinal);
        var encodedNames = SampleMessages.Headers(text).Single(h => h.Name == "To").Value
            .Split(',').Select(a => a.Trim()).Where(a => a.StartsWith("=?", StringComparison.Ordinal))
            .Select(a => MimeTestDecoder.DecodeWords(a.Substring(0, a.IndexOf(" <", StringComparison.Ordinal)).Split(' ')))
            .ToList();
        Assert.Equal(new[] { "Jörg \"JJ\" Straßer", "=?utf-8?Q?fake?=" }, encodedNames);
    }
}
