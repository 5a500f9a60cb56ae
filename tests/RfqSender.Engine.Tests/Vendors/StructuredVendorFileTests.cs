using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class StructuredVendorFileTests : IDisposable
{
    private readonly TestFolder directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Reads_yaml_with_a_vendors_list_scalars_lists_and_contact_maps()
    {
        var path = VendorTestFiles.Data("vendors.yaml");

        var records = VendorFileReader.ReadRecords(path);
        var result = VendorFileReader.Read(path).ThrowIfInvalid();

        Assert.Equal(new int?[] { 3, 9, 16 }, records.Records.Select(r => r.Line));
        Assert.Equal(3, result.Vendors.Count);

        var mueller = result.Vendors[0];
        Assert.Equal("V100", mueller.Key);
        Assert.Equal("vertrieb@müller-kabel.example", mueller.To.Single().Email);
        Assert.Equal(new[] { "Cables", "Electrical" }, mueller.Categories);
        Assert.Equal("DE", mueller.Fields["country"]);

        var acme = result.Vendors[1];
        Assert.Equal(VendorKey.FromName("Acme Fasteners"), acme.Key);
        Assert.Equal(new[] { "sales@acme.example.com", "anna.berg@acme.example.com" }, acme.To.Select(c => c.Email));
        Assert.Equal("Berg, Anna", acme.To.ElementAt(1).Name);
        Assert.Equal("archive@acme.example.com", acme.Cc.Single().Email);
        Assert.Equal(new[] { "Fasteners" }, acme.Categories);

        var nordic = result.Vendors[2];
        Assert.Equal("Nordic Packaging AB", nordic.Name);
        Assert.Equal("Lars Nilsson <lars@nordic-packaging.example>", nordic.To.Single().Mailbox.ToString());
        Assert.Equal("Karin Berg <karin@nordic-packaging.example>", nordic.Cc.Single().Mailbox.ToString());
        Assert.Equal(path + ":16", nordic.Source);
    }

    [Fact]
    public void Reads_yaml_with_a_top_level_list()
    {
        var path = directory.Write("list.yml", "- name: A\n  email: a@a.example\n-   name: B\n    mail: [b1@b.example, b2@b.example]\n    phone: ~\n");

        var records = VendorFileReader.ReadRecords(path);
        var result = VendorFileReader.Read(path).ThrowIfInvalid();

        Assert.Equal(new int?[] { 1, 3 }, records.Records.Select(r => r.Line));
        Assert.Equal(new[] { "b1@b.example", "b2@b.example" }, result.Vendors[1].To.Select(c => c.Email));
        Assert.Equal(string.Empty, result.Vendors[1].Fields["phone"]);
    }

    [Fact]
    public void Reads_json_with_comments_trailing_commas_numbers_and_nested_maps()
    {
        var path = VendorTestFiles.Data("vendors.json");

        var records = VendorFileReader.ReadRecords(path);
        var result = VendorFileReader.Read(path).ThrowIfInvalid();

        Assert.Equal(new int?[] { 2, 11 }, records.Records.Select(r => r.Line));
        var mueller = result.Vendors[0];
        Assert.Equal("V200", mueller.Key);
        Assert.Equal("Müller Kabel GmbH", mueller.Name);
        Assert.Equal("xn--mller-kabel-thb.example", mueller.To.Single().Mailbox.AsciiDomain);
        Assert.Equal(new[] { "Cables", "Electrical" }, mueller.Categories);
        Assert.Equal("4.5", mueller.Fields["Rating"]);
        Assert.Equal("true", mueller.Fields["Preferred"]);

        var acme = result.Vendors[1];
        Assert.Equal("Anna Berg <anna.berg@acme.example.com>", acme.To.Single().Mailbox.ToString());
        Assert.Equal("Ben Ortiz <ben@acme.example.com>", acme.Cc.Single().Mailbox.ToString());
        Assert.Equal(new[] { "Fasteners", "Tools" }, acme.Categories);
        Assert.Equal("Springfield", acme.Fields["Address.City"]);
        Assert.Equal(path + ":11", acme.Source);
    }

    [Fact]
    public void Json_errors_carry_the_line_of_the_vendor()
    {
        var path = directory.Write(
            "vendors.json",
            "{\n  \"vendors\": [\n    {\"name\": \"A\", \"email\": \"a@a.example\"},\n\n    {\n      \"name\": \"Jörg & Söhne\",\n      \"email\": \"jörg@@söhne.example\"\n    }\n  ]\n}\n");

        var error = Assert.Single(VendorFileReader.Read(path).Errors);

        Assert.Equal(5, error.Line);
        Assert.Equal("email", error.Field);
        Assert.Equal("Jörg & Söhne", error.Vendor);
    }

    [Fact]
    public void Yaml_and_json_give_the_same_vendors()
    {
        var yaml = directory.Write("v.yaml", "vendors:\n  - Name: Acme\n    Email: [a@acme.example, b@acme.example]\n    Cc: c@acme.example\n    Tags: [X, Y]\n    Phone: 555\n");
        var json = directory.Write("v.json", "{\"vendors\": [{\"Name\": \"Acme\", \"Email\": [\"a@acme.example\", \"b@acme.example\"], \"Cc\": \"c@acme.example\", \"Tags\": [\"X\", \"Y\"], \"Phone\": 555}]}");

        var fromYaml = Assert.Single(VendorFileReader.Read(yaml).ThrowIfInvalid().Vendors);
        var fromJson = Assert.Single(VendorFileReader.Read(json).ThrowIfInvalid().Vendors);

        Assert.Equal(fromYaml.Key, fromJson.Key);
        Assert.Equal(fromYaml.Contacts.Select(c => c.ToString()), fromJson.Contacts.Select(c => c.ToString()));
        Assert.Equal(fromYaml.Categories, fromJson.Categories);
        Assert.Equal(fromYaml.Fields, fromJson.Fields);
    }
}
