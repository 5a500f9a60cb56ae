using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class VendorKeyTests
{
    [Fact]
    public void Key_is_a_slug_and_a_hash_of_the_normalised_name()
    {
        var key = VendorKey.FromName("  Acme   GmbH ");

        Assert.Matches("^acme-gmbh-[0-9a-f]{8}$", key);
        Assert.Equal(key, VendorKey.FromName("ACME GmbH"));
        Assert.Equal(key, VendorKey.FromName("Ａｃｍｅ\tGmbH"));
    }

    [Fact]
    public void Names_with_the_same_slug_get_different_keys()
    {
        var a = VendorKey.FromName("Acme GmbH");
        var b = VendorKey.FromName("Acme-GmbH");
        var c = VendorKey.FromName("Acme & GmbH");

        Assert.StartsWith("acme-gmbh-", b);
        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
    }

    [Fact]
    public void Key_is_stable_across_runs()
    {
        // Stored deliveries are keyed by this value: it must never change.
        Assert.Equal("acme-gmbh-" + Sha256Prefix("acme gmbh"), VendorKey.FromName("Acme GmbH"));
    }

    [Theory]
    [InlineData("株式会社山田電機", "株式会社山田電機-")]
    [InlineData("Šťastný Elektro s.r.o.", "šťastný-elektro-s-r-o-")]
    [InlineData("---", "vendor-")]
    public void Keeps_unicode_letters_and_never_ends_empty(string name, string prefix)
    {
        Assert.StartsWith(prefix, VendorKey.FromName(name));
    }

    [Fact]
    public void Long_names_are_cut()
    {
        var key = VendorKey.FromName(new string('x', 200));

        Assert.Equal(40 + 1 + 8, key.Length);
    }

    [Fact]
    public void Empty_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => VendorKey.FromName("   "));
    }

    private static string Sha256Prefix(string text)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(digest, 0, 4).ToLowerInvariant();
    }
}
