using RfqSender.Engine.Documents.QuoteSheets;

namespace RfqSender.Engine.Tests.Documents.QuoteSheets;

public sealed class QuoteSheetTextTests
{
    [Theory]
    [InlineData("12", "12")]
    [InlineData("12.50", "12.50")]
    [InlineData("12,50", "12.50")]
    [InlineData(" 0,125 ", "0.125")]
    [InlineData("1234,567", "1234.567")]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("1.234,50", "1234.50")]
    [InlineData("1 234,50", "1234.50")]
    [InlineData("1\u00A0234\u00A0567", "1234567")]
    [InlineData("1'234.5", "1234.5")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("1.234.567,5", "1234567.5")]
    [InlineData("-5", "-5")]
    [InlineData("\u22125,5", "-5.5")]
    public void A_number_with_one_meaning_is_read(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), QuoteSheetText.ParseNumber(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("1,250", "could be read as 1250 or as 1.250")]
    [InlineData("1.250", "could be read as 1250 or as 1.250")]
    [InlineData("12 EUR", "is not a number")]
    [InlineData("€12.50", "is not a number")]
    [InlineData("1,234,5", "is not a number")]
    [InlineData("1.234.56", "is not a number")]
    [InlineData("1e3", "is not a number")]
    [InlineData("twelve", "is not a number")]
    [InlineData("12,5.0", "is not a number")]
    public void A_number_that_is_ambiguous_or_not_one_is_refused(string text, string problem)
    {
        Assert.Null(QuoteSheetText.ParseNumber(text, out var why));
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-03-31", 2027, 3, 31)]
    [InlineData("2027/3/1", 2027, 3, 1)]
    [InlineData("31/03/2027", 2027, 3, 31)]
    [InlineData("31.03.2027", 2027, 3, 31)]
    [InlineData("03/31/2027", 2027, 3, 31)]
    [InlineData("04.04.2027", 2027, 4, 4)]
    [InlineData("2027-03-31 00:00:00", 2027, 3, 31)]
    public void A_date_with_one_meaning_is_read(string text, int year, int month, int day)
    {
        Assert.Equal(new DateTime(year, month, day), QuoteSheetText.ParseDate(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("03/04/2027", "could be 2027-04-03 or 2027-03-04")]
    [InlineData("2027-02-30", "is not a date of the calendar")]
    [InlineData("31/31/2027", "is not a date of the calendar")]
    [InlineData("March 31, 2027", "is not a date")]
    [InlineData("31.03.27", "is not a date")]
    public void A_date_that_is_ambiguous_or_not_one_is_refused(string text, string problem)
    {
        Assert.Null(QuoteSheetText.ParseDate(text, out var why));
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }
}
