using System.Text;
using RfqSender.Engine.Documents.QuoteSheets;

namespace RfqSender.Engine.Tests.Documents.QuoteSheets;

public sealed class QuoteSheetReferenceTests
{
    private static readonly byte[] Secret = QuoteSheetFixture.Secret;

    [Theory]
    [InlineData("RFQ-2026-114", "ACME", "QS1/RFQ-2026-114/ACME/")]
    [InlineData("RFQ 7/2026", "müller gmbh", "QS1/RFQ%207%2F2026/m%C3%BCller%20gmbh/")]
    [InlineData("100%", "a/b", "QS1/100%25/a%2Fb/")]
    public void A_reference_reads_back_and_verifies(string number, string key, string prefix)
    {
        var reference = QuoteSheetReference.Create(number, key, Secret);

        Assert.StartsWith(prefix, reference.Text, StringComparison.Ordinal);
        Assert.Equal(prefix.Length + 16, reference.Text.Length);
        Assert.True(QuoteSheetReference.TryParse("  " + reference.Text.ToLowerInvariant().Replace(prefix.ToLowerInvariant(), prefix) + " ", out var parsed));
        Assert.Equal(number, parsed.RfqNumber);
        Assert.Equal(key, parsed.VendorKey);
        Assert.True(parsed.Verify(Secret));
    }

    [Fact]
    public void An_edited_or_foreign_reference_does_not_verify()
    {
        var acme = QuoteSheetReference.Create("RFQ-2026-114", "ACME", Secret);
        var beta = QuoteSheetReference.Create("RFQ-2026-114", "BETA", Secret);
        var edited = beta.Text.Replace("/BETA/", "/ACME/");

        Assert.True(QuoteSheetReference.TryParse(edited, out var forged));
        Assert.False(forged.Verify(Secret));
        Assert.NotEqual(acme.Text, edited);
        Assert.False(acme.Verify(Encoding.ASCII.GetBytes("another-store-secret-0123456789")));
        Assert.True(QuoteSheetReference.TryParse(acme.Text.Substring(0, acme.Text.Length - 1) + (acme.Text[^1] == '0' ? '1' : '0'), out var flipped));
        Assert.False(flipped.Verify(Secret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("RFQ-2026-114")]
    [InlineData("QS1/RFQ-2026-114/ACME")]
    [InlineData("QS1/RFQ-2026-114/ACME/SHORT")]
    [InlineData("QS1/RFQ-2026-114/ACME/UUUUUUUUUUUUUUUU")]
    [InlineData("QS1/RFQ%2/ACME/0123456789ABCDEF")]
    [InlineData("QS1//ACME/0123456789ABCDEF")]
    [InlineData("QS1/RFQ 1/ACME/0123456789ABCDEF")]
    [InlineData("QS1/%C3%28/ACME/0123456789ABCDEF")]
    public void What_is_not_a_reference_does_not_parse(string text)
    {
        Assert.False(QuoteSheetReference.TryParse(text, out _));
    }
}
