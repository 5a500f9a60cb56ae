using System.Text.RegularExpressions;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

public sealed class MessageIdFactoryTests
{
    private static readonly MailboxAddress From = MailboxAddress.Parse("Einkauf <einkauf@müller.de>");

    [Fact]
    public void Same_rfq_and_vendor_give_the_same_id()
    {
        Assert.Equal(MessageIdFactory.Create("RFQ-2026-114", "V-001", From), MessageIdFactory.Create("RFQ-2026-114", "V-001", From));
        Assert.Equal(MessageIdFactory.Create("RFQ-2026-114", "V-001", From), MessageIdFactory.Create(" RFQ-2026-114 ", "V-001 ", From));
    }

    [Fact]
    public void Different_rfq_or_vendor_give_different_ids()
    {
        var ids = new[]
        {
            MessageIdFactory.Create("RFQ-1", "V-1", From),
            MessageIdFactory.Create("RFQ-1", "V-2", From),
            MessageIdFactory.Create("RFQ-2", "V-1", From),
            MessageIdFactory.Create("V-1", "RFQ-1", From),
        };

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Id_has_the_documented_form_with_the_ascii_domain()
    {
        var id = MessageIdFactory.Create("RFQ-2026-114", "Müller & Söhne GmbH", From);

        Assert.Matches(new Regex("^rfq\\.[0-9a-f]{16}\\.[0-9a-f]{16}@xn--mller-kva\\.de$"), id);
        Assert.Contains(MessageIdFactory.HashRfqNumber("RFQ-2026-114") + "." + MessageIdFactory.HashVendorKey("Müller & Söhne GmbH"), id, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_id_parses_back_from_a_reply_header()
    {
        var id = MessageIdFactory.Create("RFQ-2026-114", "V-001", From);

        Assert.True(MessageIdFactory.TryParse(" <" + id.ToUpperInvariant() + "> ", out var rfqHash, out var vendorHash));
        Assert.Equal(MessageIdFactory.HashRfqNumber("RFQ-2026-114"), rfqHash);
        Assert.Equal(MessageIdFactory.HashVendorKey("V-001"), vendorHash);
        Assert.True(MessageIdFactory.Matches("<" + id + ">", "RFQ-2026-114", "V-001"));
        Assert.False(MessageIdFactory.Matches("<" + id + ">", "RFQ-2026-114", "V-002"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<abc@example.com>")]
    [InlineData("rfq.0123456789abcdef@example.com")]
    [InlineData("rfq.0123456789abcdef.0123456789abcdeg@example.com")]
    [InlineData("rfq.0123456789abcdef.0123456789abcdef")]
    [InlineData("rfq.0123456789abcde.0123456789abcdef@example.com")]
    public void Other_ids_do_not_parse(string? id) =>
        Assert.False(MessageIdFactory.TryParse(id, out _, out _));

    [Fact]
    public void Empty_keys_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => MessageIdFactory.Create(" ", "V-1", From));
        Assert.Throws<ArgumentException>(() => MessageIdFactory.Create("RFQ-1", "", From));
    }
}
