using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class MalformedVendorFileTests
{
    [Theory]
    [InlineData("bad-address.csv", 3, "Email", "Beta AG", "has no dot")]
    [InlineData("missing-email-column.csv", 1, null, null, "found no e-mail address column. Columns found: 'Company', 'Phone', 'Country'")]
    [InlineData("missing-name.csv", 2, "Name", null, "the vendor name is empty")]
    [InlineData("empty.csv", null, null, null, "the file is empty")]
    [InlineData("header-only.csv", 1, null, null, "header line but no vendor rows")]
    [InlineData("too-many-fields.csv", 3, null, null, "the row has 4 fields but the header has 3; check the delimiter (',')")]
    [InlineData("duplicate-headers.csv", 1, "Email", null, "the column 'Email' appears 2 times in the header (columns 2, 4)")]
    [InlineData("unclosed-quote.csv", 3, "Email", null, "a quoted value starting on this line is never closed")]
    [InlineData("only-cc.csv", 2, "Email", "Acme GmbH", "only Cc addresses")]
    [InlineData("value-without-header.csv", 2, "column 2", null, "the value 'stray' is in a column without a header")]
    [InlineData("bad-yaml.yaml", 5, null, null, "the YAML is malformed")]
    [InlineData("empty.yaml", null, null, null, "the file is empty")]
    [InlineData("bad-address.yaml", 6, "email", "Beta AG", "'sales at beta.example' contains white space")]
    [InlineData("contact-without-email.yaml", 1, "contacts[1]", "Acme GmbH", "the contact has no e-mail address")]
    [InlineData("bad-json.json", 3, null, null, "the JSON is malformed")]
    [InlineData("vendors-not-a-list.json", 2, "vendors", null, "'vendors' must be a list of vendors, not a single value")]
    [InlineData("not-a-list.json", 1, null, null, "expected a list of vendors, or a map with a 'vendors' list; found a single value")]
    [InlineData("duplicate-key.json", 5, "email", null, "the key 'email' appears twice in the same object")]
    [InlineData("duplicate-key.yaml", 6, null, null, "uplicate key")]
    public void Each_malformed_file_gives_its_precise_error(string file, int? line, string? field, string? vendor, string fragment)
    {
        var path = VendorTestFiles.Malformed(file);

        var result = VendorFileReader.Read(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Source);
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Equal(vendor, error.Vendor);
        Assert.Contains(fragment, error.Message);
        Assert.Throws<VendorInputException>(() => result.ThrowIfInvalid());
    }

    [Theory]
    [InlineData("bad-address.csv", new[] { "Acme GmbH" })]
    [InlineData("missing-name.csv", new[] { "Beta AG" })]
    [InlineData("too-many-fields.csv", new[] { "Acme GmbH" })]
    [InlineData("unclosed-quote.csv", new[] { "Acme GmbH" })]
    [InlineData("bad-address.yaml", new[] { "Acme GmbH" })]
    [InlineData("missing-email-column.csv", new string[0])]
    public void Valid_records_around_the_errors_are_still_read(string file, string[] names)
    {
        var result = VendorFileReader.Read(VendorTestFiles.Malformed(file));

        Assert.Equal(names, result.Vendors.Select(v => v.Name));
    }

    [Fact]
    public void Wrong_types_in_json_are_all_reported()
    {
        var path = VendorTestFiles.Malformed("wrong-types.json");

        var result = VendorFileReader.Read(path);

        Assert.Equal(
            new (int?, string?, string?)[] { (7, "name", null), (11, null, null), (12, "email", "Delta KG") },
            result.Errors.Select(e => (e.Line, e.Field, e.Vendor)));
        Assert.Contains("'name' must be a single value, not a list", result.Errors[0].Message);
        Assert.Contains("vendor 3 is a single value; each vendor must be a map", result.Errors[1].Message);
        Assert.Contains("'email' must be a list of values or a list of maps", result.Errors[2].Message);
        Assert.Equal("Acme GmbH", Assert.Single(result.Vendors).Name);
    }

    [Fact]
    public void A_file_with_several_bad_rows_reports_all_of_them_at_once()
    {
        var path = VendorTestFiles.Malformed("several-bad-rows.csv");

        var result = VendorFileReader.Read(path);

        Assert.Equal(
            new (int?, string?, string?)[] { (3, "Company", null), (4, "E-Mail", "Gamma SE"), (5, "Cc", "Delta KG"), (6, "E-Mail", "Epsilon AB") },
            result.Errors.Select(e => (e.Line, e.Field, e.Vendor)));
        Assert.All(result.Errors, e => Assert.Equal(path, e.Source));
        Assert.Contains("the vendor name is empty", result.Errors[0].Message);
        Assert.Contains("'@' is not allowed before @", result.Errors[1].Message);
        Assert.Contains("'not-an-address' is not of the form name@domain", result.Errors[2].Message);
        Assert.Contains("the e-mail address is empty", result.Errors[3].Message);
        Assert.Equal(new[] { "V1", "V6" }, result.Vendors.Select(v => v.Key));

        var ex = Assert.Throws<VendorInputException>(() => result.ThrowIfInvalid());
        Assert.Equal(4, ex.Errors.Count);
        Assert.Contains(path + ":4: field 'E-Mail' (vendor 'Gamma SE')", ex.Message);
    }
}
