using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

public sealed class MailboxAddressTests
{
    [Theory]
    [InlineData("anna@example.com", null, "anna@example.com")]
    [InlineData("Anna Berg <anna@example.com>", "Anna Berg", "anna@example.com")]
    [InlineData("\"Berg, Anna\" <anna@example.com>", "Berg, Anna", "anna@example.com")]
    [InlineData("  o'brien+rfq@Example.COM ", null, "o'brien+rfq@example.com")]
    [InlineData("Jörg <jörg@müller.de>", "Jörg", "jörg@müller.de")]
    public void Parses_valid_mailboxes(string text, string? name, string address)
    {
        var mailbox = MailboxAddress.Parse(text);

        Assert.Equal(name, mailbox.DisplayName);
        Assert.Equal(address, mailbox.Address);
    }

    [Fact]
    public void Internationalised_domain_is_converted_to_punycode()
    {
        var mailbox = MailboxAddress.Parse("info@müller.de");

        Assert.Equal("xn--mller-kva.de", mailbox.AsciiDomain);
        Assert.Equal("info@xn--mller-kva.de", mailbox.AsciiAddress);
        Assert.False(mailbox.RequiresSmtpUtf8);
        Assert.True(MailboxAddress.Parse("jörg@example.de").RequiresSmtpUtf8);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("anna", "name@domain")]
    [InlineData("anna@", "name@domain")]
    [InlineData("@example.com", "name@domain")]
    [InlineData("anna@example", "no dot")]
    [InlineData("anna..b@example.com", "dots")]
    [InlineData(".anna@example.com", "dots")]
    [InlineData("an na@example.com", "white space")]
    [InlineData("anna@exa_mple.com", "not a valid domain")]
    [InlineData("anna@-example.com", "not a valid domain")]
    [InlineData("anna@[192.0.2.1]", "address literals")]
    [InlineData("anna@example.123", "ends in a number")]
    [InlineData("Anna <anna@example.com", "angle brackets")]
    [InlineData("anna(x)@example.com", "not allowed")]
    public void Rejects_invalid_mailboxes_with_a_reason(string text, string reason)
    {
        Assert.False(MailboxAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var ex = Assert.Throws<FormatException>(() => MailboxAddress.Parse(text));
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void Equality_ignores_case_and_display_name()
    {
        Assert.Equal(MailboxAddress.Parse("A <Anna@Example.com>"), MailboxAddress.Parse("anna@example.com"));
        Assert.Equal(MailboxAddress.Parse("x@müller.de"), MailboxAddress.Parse("x@xn--mller-kva.de"));
        Assert.NotEqual(MailboxAddress.Parse("anna@example.com"), MailboxAddress.Parse("anna@example.org"));
    }
}
