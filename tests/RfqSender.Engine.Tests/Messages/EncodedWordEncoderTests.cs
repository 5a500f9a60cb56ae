using System.Text;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Tests.Messages;

public sealed class EncodedWordEncoderTests
{
    [Theory]
    [InlineData("Jörg Straßer")]
    [InlineData("Ελένη Παπαδοπούλου")]
    [InlineData("王小明 東京都 大阪府 名古屋市 札幌市 福岡市 神戸市 京都市 広島市 仙台市")]
    [InlineData("a_b=c?d \"quoted\" (comment) <angle>, semi; colon:")]
    [InlineData("🚢🙂👍🏽👨‍👩‍👧‍👦 emoji with modifiers and ZWJ sequences 🚢🙂👍🏽👨‍👩‍👧‍👦🚢🙂👍🏽")]
    public void Words_round_trip_and_respect_length_limits(string text)
    {
        foreach (var first in new[] { 24, 40, 75 })
        {
            var words = EncodedWordEncoder.Encode(text, first, 75);

            Assert.Equal(text, MimeTestDecoder.DecodeWords(words));
            Assert.True(words[0].Length <= first, $"first word {words[0]} longer than {first}");
            Assert.All(words, w => Assert.InRange(w.Length, 13, 75));
            Assert.All(words, w => Assert.DoesNotContain(w.Skip(10).Take(w.Length - 12), c => c == ' ' || c == '?' || c > 126 || c < 33));
        }
    }

    [Fact]
    public void No_word_splits_a_utf8_sequence_or_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("ä🚢€", 40));

        var words = EncodedWordEncoder.Encode(text, 30, 75);

        Assert.True(words.Count > 3);
        var pieces = words.Select(MimeTestDecoder.DecodeWord).ToList();
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[p.Length - 1]) || char.IsLowSurrogate(p[0]), $"split surrogate pair in '{p}'"));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void Chooses_the_shorter_scheme()
    {
        var mostlyAscii = EncodedWordEncoder.Encode("Angebot fur Kabel, Muller", 75, 75);
        var mostlyNonAscii = EncodedWordEncoder.Encode("東京都大阪府名古屋市", 75, 75);

        Assert.StartsWith("=?utf-8?Q?", mostlyAscii[0], StringComparison.Ordinal);
        Assert.StartsWith("=?utf-8?B?", mostlyNonAscii[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=?utf-8?Q?x?=", true)]
    [InlineData("price =?x?= ok", true)]
    [InlineData("a = b ? c", false)]
    [InlineData("plain", false)]
    public void Detects_text_that_would_be_read_as_encoded_words(string text, bool expected) =>
        Assert.Equal(expected, EncodedWordEncoder.LooksEncoded(text));
}
