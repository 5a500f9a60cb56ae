using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class ExampleVendorFileTests
{
    private static readonly string[] ReservedSuffixes = { ".example", ".example.com", ".example.net", ".example.org" };

    private readonly VendorReadResult result = VendorFileReader.Read(VendorTestFiles.Repository(Path.Combine("examples", "vendors.csv")));

    [Fact]
    public void Example_vendor_list_reads_without_errors()
    {
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(40, result.Vendors.Count);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"V{i:000}"), result.Vendors.Select(v => v.Key));
        Assert.All(result.Vendors, v => Assert.NotEmpty(v.To));
    }

    [Fact]
    public void Example_addresses_all_use_reserved_example_domains()
    {
        var domains = result.Vendors.SelectMany(v => v.Contacts).Select(c => c.Mailbox.AsciiDomain).ToList();

        Assert.All(domains, d => Assert.Contains(ReservedSuffixes, s => d == s.TrimStart('.') || d.EndsWith(s, StringComparison.Ordinal)));
        Assert.Contains(domains, d => d.StartsWith("xn--", StringComparison.Ordinal));
    }

    [Fact]
    public void Example_has_multi_contact_cells_repeated_rows_and_categories()
    {
        var mueller = result.Vendors.Single(v => v.Key == "V001");
        Assert.Equal("Müller Kabelwerke GmbH", mueller.Name);
        Assert.Equal(new[] { "Jörg Müller <vertrieb@müller-kabel.example>", "angebote@müller-kabel.example" }, mueller.To.Select(c => c.Mailbox.ToString()));
        Assert.Single(mueller.Cc);

        Assert.Equal(2, result.Vendors.Single(v => v.Key == "V008").To.Count());
        Assert.Equal(2, result.Vendors.Single(v => v.Key == "V012").Cc.Count());
        Assert.Equal("Reed, Dana", result.Vendors.Single(v => v.Key == "V017").To.Last().Name);
        Assert.Equal(new[] { "IT Hardware", "Electrical" }, result.Vendors.Single(v => v.Key == "V022").Categories);
        Assert.Equal("山田 太郎", result.Vendors.Single(v => v.Key == "V006").To.Single().Name);

        var contacts = result.Vendors.Sum(v => v.Contacts.Count);
        Assert.Equal(51, contacts);
        Assert.Equal(8, result.Vendors.Count(v => v.HasCategory("fasteners")));
        Assert.Equal(new[] { "Country", "Phone" }, result.Vendors[0].Fields.Keys.OrderBy(k => k));
    }

    [Fact]
    public void Example_category_filter_selects_cable_vendors()
    {
        var cables = VendorFileReader.Read(
            VendorTestFiles.Repository(Path.Combine("examples", "vendors.csv")),
            new VendorReadOptions { Categories = new[] { "Cables" } });

        Assert.Equal(new[] { "V001", "V002", "V014", "V015", "V025", "V036" }, cables.Vendors.Select(v => v.Key));
    }
}
