using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

public sealed class OutOfOfficeDateReaderTests
{
    private static readonly DateTimeOffset Sent = new(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData("I am out of the office until 14 December.")]
    [InlineData("I am out of the office until Monday, 14 December 2026.")]
    [InlineData("I'm away until December 14th and will reply then.")]
    [InlineData("Out of office until Dec 14, 2026.")]
    [InlineData("I will be back on 2026-12-14.")]
    [InlineData("I will be back in the office on Monday, 14 December.")]
    [InlineData("I'm on leave through 12/14/2026.")]
    [InlineData("Returning on 14/12/2026.")]
    [InlineData("I am out of the office from 1 December until 14 December.")]
    [InlineData("Ich bin bis zum 14.12.2026 nicht im Büro.")]
    [InlineData("Ich bin bis einschließlich Montag, 14.12.2026 abwesend.")]
    [InlineData("Ich bin bis 14. Dezember 2026 im Urlaub.")]
    [InlineData("Abwesend bis 14.12.")]
    [InlineData("Ich bin bis zum 14.12.26 nicht erreichbar.")]
    [InlineData("Ab dem 14.12.2026 bin ich wieder im Büro.")]
    [InlineData("Ich bin am 14. Dez. wieder erreichbar.")]
    [InlineData("Ab Montag, dem 14.12. wieder im Haus.")]
    public void A_stated_date_is_read(string text)
    {
        Assert.True(OutOfOfficeDateReader.TryRead(text, Sent, out var date), text);
        Assert.Equal(new DateTime(2026, 12, 14), date);
        Assert.Equal(DateTimeKind.Unspecified, date.Kind);
    }

    [Theory]
    [InlineData("I am out of the office and will reply as soon as possible.")]
    [InlineData("I am out of the office until Monday.")]
    [InlineData("I am out of the office until further notice.")]
    [InlineData("Ich bin bis 17 Uhr in einer Besprechung.")]
    [InlineData("Ich bin derzeit nicht im Büro.")]
    [InlineData("Back on 03/04/2027.")]
    [InlineData("Until 31 February.")]
    [InlineData("Please reply by 15.12.2026.")]
    [InlineData("Our office is closed on 24 December.")]
    public void No_date_is_guessed(string text)
    {
        Assert.False(OutOfOfficeDateReader.TryRead(text, Sent, out _), text);
    }

    [Fact]
    public void A_date_without_a_year_after_the_message_is_in_the_next_year()
    {
        var sent = new DateTimeOffset(2026, 12, 21, 9, 0, 0, TimeSpan.Zero);

        Assert.True(OutOfOfficeDateReader.TryRead("I am back on 4 January.", sent, out var date));
        Assert.Equal(new DateTime(2027, 1, 4), date);
    }

    [Fact]
    public void A_date_without_a_year_is_not_read_without_the_message_date()
    {
        Assert.False(OutOfOfficeDateReader.TryRead("until 14 December", null, out _));
        Assert.True(OutOfOfficeDateReader.TryRead("until 14 December 2026", null, out var date));
        Assert.Equal(new DateTime(2026, 12, 14), date);
    }

    [Fact]
    public void A_year_far_from_the_message_date_is_not_read()
    {
        Assert.False(OutOfOfficeDateReader.TryRead("back on 2066-12-14", Sent, out _));
    }
}
