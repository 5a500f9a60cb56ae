using System.Text;
using System.Text.RegularExpressions;
using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

public sealed class DeliveryReferenceTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("store secret for reference tests");
    private static readonly byte[] OtherSecret = Encoding.UTF8.GetBytes("another store's secret, 32 bytes");

    [Theory]
    [InlineData(1L)]
    [InlineData(31L)]
    [InlineData(32L)]
    [InlineData(101L)]
    [InlineData(1_000_000L)]
    [InlineData(long.MaxValue)]
    public void A_token_parses_and_verifies_with_its_id(long id)
    {
        var token = DeliveryReference.Create(id, Secret);

        Assert.Matches(new Regex("^RFQ-[0-9A-HJKMNP-TV-Z]{1,13}-[0-9A-HJKMNP-TV-Z]{6}$"), token.Text);
        Assert.True(DeliveryReference.TryParse(token.Text, out var parsed));
        Assert.Equal(id, parsed.DeliveryId);
        Assert.True(parsed.Verify(Secret));
        Assert.True(DeliveryReference.Verify(token.Text, Secret));
        Assert.Equal(token.Text, DeliveryReference.Create(id, Secret).Text);
    }

    [Fact]
    public void Small_ids_give_short_tokens()
    {
        Assert.Equal(13, DeliveryReference.Create(101, Secret).Text.Length);
        Assert.Equal(12, DeliveryReference.Create(1, Secret).Text.Length);
    }

    [Fact]
    public void Every_single_character_change_fails()
    {
        var tokens = new[] { 1L, 101L, 4711L, 123_456_789L }.Select(id => DeliveryReference.Create(id, Secret).Text);
        var replacements = Alphabet + "ILOU-x#. ";
        foreach (var token in tokens)
        {
            for (var i = 0; i < token.Length; i++)
            {
                foreach (var c in replacements.Where(c => char.ToUpperInvariant(c) != char.ToUpperInvariant(token[i])))
                {
                    var changed = token.Substring(0, i) + c + token.Substring(i + 1);

                    Assert.False(DeliveryReference.Verify(changed, Secret), $"{changed} (from {token}) verified");
                    Assert.False(DeliveryReference.TryParse(changed, out _) && DeliveryReference.FindAll(changed).Any(r => r.Verify(Secret)), changed);
                }
            }
        }
    }

    [Fact]
    public void Adjacent_transpositions_fail()
    {
        var token = DeliveryReference.Create(123_456_789L, Secret).Text;
        for (var i = 0; i + 1 < token.Length; i++)
        {
            if (token[i] == token[i + 1])
            {
                continue;
            }

            var swapped = token.Substring(0, i) + token[i + 1] + token[i] + token.Substring(i + 2);
            Assert.False(DeliveryReference.Verify(swapped, Secret), swapped);
        }
    }

    [Fact]
    public void Case_and_surrounding_space_are_ignored()
    {
        var token = DeliveryReference.Create(4711, Secret).Text;

        Assert.True(DeliveryReference.Verify("  " + token.ToLowerInvariant() + "\t", Secret));
        Assert.True(DeliveryReference.TryParse(token.ToLowerInvariant(), out var parsed));
        Assert.Equal(token, parsed.Text);
    }

    [Fact]
    public void A_token_made_under_another_secret_parses_but_does_not_verify()
    {
        var foreign = DeliveryReference.Create(101, OtherSecret).Text;

        Assert.True(DeliveryReference.TryParse(foreign, out var parsed));
        Assert.Equal(101, parsed.DeliveryId);
        Assert.False(parsed.Verify(Secret));
    }

    [Fact]
    public void A_guessed_check_part_for_another_delivery_does_not_verify()
    {
        var real = DeliveryReference.Create(101, Secret).Text;
        var guesses = 0;
        foreach (var mac in new[] { "00000", "ZZZZZ", "K7Q2M", "3FXM9" })
        {
            for (var check = 0; check < Alphabet.Length; check++)
            {
                var guess = "RFQ-35-" + mac + Alphabet[check];
                if (guess == real || !DeliveryReference.TryParse(guess, out var parsed))
                {
                    continue;
                }

                guesses++;
                Assert.Equal(101, parsed.DeliveryId);
                Assert.False(parsed.Verify(Secret), guess);
            }
        }

        Assert.Equal(4, guesses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("RFQ-2026-114")]
    [InlineData("RFQ-0-000000")]
    [InlineData("RFQ-035-TM9T7A")]
    [InlineData("RFQ--TM9T7A")]
    [InlineData("RFQ-35-TM9T7")]
    [InlineData("RFQ-35-TM9T7AA")]
    [InlineData("XRFQ-35-TM9T7A")]
    [InlineData("RFQ-35-TM9T7A and more")]
    [InlineData("RFQ-ZZZZZZZZZZZZZZ-TM9T7A")]
    public void Malformed_text_does_not_parse(string text)
    {
        Assert.False(DeliveryReference.TryParse(text, out _));
        Assert.False(DeliveryReference.Verify(text, Secret));
    }

    [Fact]
    public void Tokens_are_found_in_running_text_once_each()
    {
        var a = DeliveryReference.Create(101, Secret).Text;
        var b = DeliveryReference.Create(102, Secret).Text;
        var text = $"AW: RFQ RFQ-2026-114 [Ref {a}]\n> Reference: {a.ToLowerInvariant()}, see also ({b}). Not: X{a} or {a}9";

        var found = DeliveryReference.FindAll(text);

        Assert.Equal(new[] { a, b }, found.Select(f => f.Text));
    }

    [Fact]
    public void A_short_or_missing_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DeliveryReference.Create(1, new byte[DeliveryReference.MinimumSecretLength - 1]));
        Assert.Throws<ArgumentNullException>(() => DeliveryReference.Create(1, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeliveryReference.Create(0, Secret));
    }

    [Fact]
    public void New_secrets_are_random_and_long_enough()
    {
        var one = DeliveryReference.CreateSecret();
        var two = DeliveryReference.CreateSecret();

        Assert.Equal(32, one.Length);
        Assert.NotEqual(one, two);
        Assert.NotEqual(DeliveryReference.Create(101, one).Text, DeliveryReference.Create(101, two).Text);
    }
}
