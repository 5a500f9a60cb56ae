using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

public sealed class QuotedTextStripperTests
{
    [Fact]
    public void Outlook_from_sent_block_and_the_rule_above_it_are_cut()
    {
        var text = "Hello,\r\nour price is 192.00.\r\n\r\nSarah\r\n\r\n________________________________\r\nFrom: Purchasing <purchasing@contoso.com>\r\nSent: Wednesday, December 2, 2026 9:00 AM\r\nTo: Sarah Jones\r\nSubject: RFQ\r\n\r\nDear Sarah";

        Assert.Equal("Hello,\nour price is 192.00.\n\nSarah", QuotedTextStripper.Strip(text));
    }

    [Fact]
    public void Outlook_block_in_bold_as_gmail_renders_it_is_cut()
    {
        var text = "Price attached.\n\n*From:* Purchasing <purchasing@contoso.com>\n*Sent:* Wednesday, December 2, 2026 09:00\n*To:* Linda\n*Subject:* RFQ\n";

        Assert.Equal("Price attached.", QuotedTextStripper.Strip(text));
    }

    [Theory]
    [InlineData("-----Original Message-----")]
    [InlineData("-----Ursprüngliche Nachricht-----")]
    [InlineData("---------- Forwarded message ---------")]
    [InlineData("-------- Weitergeleitete Nachricht --------")]
    [InlineData("-------- Original Message --------")]
    [InlineData("Begin forwarded message:")]
    public void Separators_cut_the_history(string separator)
    {
        var text = "New text.\n\n" + separator + "\nFrom: someone\nOld text\n";

        Assert.Equal("New text.", QuotedTextStripper.Strip(text));
    }

    [Theory]
    [InlineData("On Wed, Dec 2, 2026 at 9:00 AM Purchasing <purchasing@contoso.com> wrote:")]
    [InlineData("On 2. Dec 2026, at 09:00, Purchasing <purchasing@contoso.com> wrote:")]
    [InlineData("On 02/12/2026 09:00, Purchasing wrote:")]
    [InlineData("Am 02.12.26 um 09:00 schrieb Purchasing:")]
    [InlineData("Am Mi., 2. Dez. 2026 um 09:00 Uhr schrieb Purchasing <purchasing@contoso.com>:")]
    [InlineData("Le mer. 2 déc. 2026 à 09:00, Purchasing <purchasing@contoso.com> a écrit :")]
    public void Attribution_lines_cut_the_quote(string attribution)
    {
        var text = "Our offer: 187.90.\n\n" + attribution + "\n\n> Dear vendor,\n> please quote.\n";

        Assert.Equal("Our offer: 187.90.", QuotedTextStripper.Strip(text));
    }

    [Fact]
    public void An_attribution_wrapped_onto_two_lines_is_cut()
    {
        var text = "Our offer: 187.90.\n\nOn Wed, Dec 2, 2026 at 9:00 AM Purchasing <purchasing@contoso.com>\nwrote:\n\n> Dear vendor,\n";

        Assert.Equal("Our offer: 187.90.", QuotedTextStripper.Strip(text));
    }

    [Fact]
    public void An_answer_below_the_quote_is_kept_without_the_quote()
    {
        var text = "Am 02.12.26 um 09:00 schrieb Purchasing:\n> Dear vendor,\n> please quote.\n\nGuten Tag,\nunser Preis: 185,40 EUR.\n";

        Assert.Equal("Guten Tag,\nunser Preis: 185,40 EUR.", QuotedTextStripper.Strip(text));
    }

    [Fact]
    public void Answers_between_quoted_lines_are_kept()
    {
        var text = "On Wed, Dec 2, 2026 Purchasing wrote:\n> Lot 1: 40 drums?\nYes, from stock.\n> Lot 2: 10 reels?\nIn 3 weeks.\n";

        Assert.Equal("Yes, from stock.\nIn 3 weeks.", QuotedTextStripper.Strip(text));
    }

    [Fact]
    public void Quoted_lines_and_the_signature_are_removed()
    {
        var text = "> earlier text\n>> older text\nThanks, our price is 190.\n\n-- \nJohn Doe\nWide World Importers\n";

        Assert.Equal("Thanks, our price is 190.", QuotedTextStripper.Strip(text));
    }

    [Fact]
    public void Text_without_history_is_kept_and_trimmed()
    {
        Assert.Equal("Price: 190.\n\nRegards", QuotedTextStripper.Strip("\n\n  Price: 190.   \n\n\n\nRegards\n\n"));
        Assert.Equal(string.Empty, QuotedTextStripper.Strip(null));
    }

    [Fact]
    public void A_from_line_that_is_not_a_header_block_is_kept()
    {
        var text = "From: our warehouse in Hamburg\nDelivery in 2 weeks.\n";

        Assert.Equal("From: our warehouse in Hamburg\nDelivery in 2 weeks.", QuotedTextStripper.Strip(text));
    }

    [Fact]
    public void A_dashed_line_inside_the_text_is_not_a_signature()
    {
        var text = "Lot 1 --- 190 EUR\n---\nLot 2 --- 12 EUR\n";

        Assert.Equal("Lot 1 --- 190 EUR\n---\nLot 2 --- 12 EUR", QuotedTextStripper.Strip(text));
    }

    [Fact]
    public void A_very_long_line_that_starts_like_an_attribution_is_kept()
    {
        var line = "Am " + string.Concat(Enumerable.Repeat("Lager schrieb wir ", 20_000)) + "x";

        Assert.Equal(line, QuotedTextStripper.Strip(line));
    }
}
