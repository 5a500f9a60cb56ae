using System.Text;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

public sealed class QuotedPrintableEncoderTests
{
    [Theory]
    [InlineData("plain ASCII line")]
    [InlineData("ends with newline\r\n")]
    [InlineData("two blank\r\n\r\n\r\nlines")]
    [InlineData("trailing spaces   \r\ntrailing tab\t\r\n  \r\n")]
    [InlineData("=3D equals = signs ==\r\n.leading dot\r\n.\r\n")]
    [InlineData("Größe 3×2,5 mm² für Straße — 東京 🚢")]
    [InlineData("")]
    public void Round_trips(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var encoded = QuotedPrintableEncoder.Encode(bytes);

        Assert.Equal(bytes, MimeTestDecoder.DecodeQuotedPrintable(encoded));
        Assert.All(encoded, b => Assert.True(b < 128));
    }

    [Fact]
    public void Lines_are_at_most_76_characters_and_never_end_in_white_space()
    {
        var random = new Random(7);
        var pieces = new[] { " ", "\t", "=", ".", "ä", "x", "🚢", "\r", "\n", "_", "-" };
        var sb = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            sb.Append(pieces[random.Next(pieces.Length)]);
        }

        var text = sb.Replace("\r\n", "\n").Replace("\r", string.Empty).Replace("\n", "\r\n").ToString();
        var bytes = Encoding.UTF8.GetBytes(text);

        var encoded = QuotedPrintableEncoder.Encode(bytes);
        var lines = Encoding.ASCII.GetString(encoded).Split("\r\n");

        Assert.Equal(bytes, MimeTestDecoder.DecodeQuotedPrintable(encoded));
        Assert.All(lines, line => Assert.True(line.Length <= 76, $"line of {line.Length}: {line}"));
        Assert.All(lines, line => Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), $"trailing white space: '{line}'"));
        Assert.All(lines, line => Assert.False(line.StartsWith('.'), $"leading dot: '{line}'"));
        Assert.DoesNotContain(lines, line => line.Contains("=_", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_line_is_broken_with_soft_breaks_that_use_the_full_width()
    {
        var encoded = Encoding.ASCII.GetString(QuotedPrintableEncoder.Encode(Encoding.ASCII.GetBytes(new string('a', 76) + "\r\n" + new string('b', 77))));

        Assert.Equal(new string('a', 76) + "\r\n" + new string('b', 75) + "=\r\nbb=\r\n", encoded);
    }
}
