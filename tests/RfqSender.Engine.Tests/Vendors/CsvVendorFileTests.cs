using RfqSender.Engine.Tests.Support;
using System.Text;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class CsvVendorFileTests : IDisposable
{
    private readonly TestFolder directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    public void Detects_the_delimiter_from_the_header(string delimiter)
    {
        // Every row contains the two other delimiters inside values, so a wrong guess would be visible.
        var others = string.Concat(new[] { ",", ";", "\t" }.Where(d => d != delimiter));
        var text = string.Join(delimiter, "Name", "Email", "Notes") + "\n"
            + string.Join(delimiter, "Acme GmbH", "info@acme.example", "\"a" + others + "b\"") + "\n"
            + string.Join(delimiter, "Beta AG", "beta@beta.example", "plain") + "\n";
        var path = directory.Write("vendors.csv", text);

        var result = VendorFileReader.Read(path);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new[] { "Acme GmbH", "Beta AG" }, result.Vendors.Select(v => v.Name));
        Assert.Equal("a" + others + "b", result.Vendors[0].Fields["Notes"]);
        Assert.Equal("beta@beta.example", result.Vendors[1].To.Single().Email);
    }

    [Fact]
    public void Delimiters_inside_quoted_header_names_do_not_count()
    {
        var path = directory.Write("vendors.csv", "Name;Email;\"Notes, remarks, comments\"\nAcme GmbH;info@acme.example;x, y\n");

        var vendor = Assert.Single(VendorFileReader.Read(path).ThrowIfInvalid().Vendors);

        Assert.Equal("x, y", vendor.Fields["Notes, remarks, comments"]);
    }

    [Fact]
    public void Delimiter_can_be_forced()
    {
        var path = directory.Write("vendors.txt", "Name|Email\nAcme GmbH|info@acme.example\n");

        var result = VendorFileReader.Read(path, new VendorReadOptions { Delimiter = '|' });

        Assert.Equal("info@acme.example", Assert.Single(result.ThrowIfInvalid().Vendors).To.Single().Email);
    }

    public static TheoryData<string, byte[]> Encodings()
    {
        const string text = "Name,Email,City\nMüller Kabel GmbH,vertrieb@müller-kabel.example,Zürich\nCafé Électrique,info@cafe.example,Liège\n";
        return new TheoryData<string, byte[]>
        {
            { "utf8-bom", new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray() },
            { "utf8", Encoding.UTF8.GetBytes(text) },
            { "utf16-le", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray() },
            { "utf16-be", Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray() },
            { "utf16-le-without-bom", Encoding.Unicode.GetBytes(text) },
            { "utf16-be-without-bom", Encoding.BigEndianUnicode.GetBytes(text) },
        };
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Reads_unicode_encodings(string name, byte[] bytes)
    {
        var path = directory.Write(name + ".csv", bytes);

        var result = VendorFileReader.Read(path).ThrowIfInvalid();

        Assert.Equal(new[] { "Müller Kabel GmbH", "Café Électrique" }, result.Vendors.Select(v => v.Name));
        Assert.Equal("Zürich", result.Vendors[0].Fields["City"]);
        Assert.Equal("xn--mller-kabel-thb.example", result.Vendors[0].To.Single().Mailbox.AsciiDomain);
        Assert.False(result.Vendors[0].Fields.ContainsKey("Name"));
    }

    [Fact]
    public void Falls_back_to_windows_1252_when_the_bytes_are_not_utf8()
    {
        // "Müller" and "Café" in Windows-1252: ü = 0xFC, é = 0xE9 (invalid as UTF-8).
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes("Name;Email;City\nM"));
        bytes.Add(0xFC);
        bytes.AddRange(Encoding.ASCII.GetBytes("ller GmbH;info@mueller.example;Caf"));
        bytes.Add(0xE9);
        bytes.AddRange(Encoding.ASCII.GetBytes(" Central\n"));
        var path = directory.Write("ansi.csv", bytes.ToArray());

        var vendor = Assert.Single(VendorFileReader.Read(path).ThrowIfInvalid().Vendors);

        Assert.Equal("Müller GmbH", vendor.Name);
        Assert.Equal("Café Central", vendor.Fields["City"]);
    }

    [Fact]
    public void Encoding_can_be_forced()
    {
        // Bytes that are valid UTF-8 are read as UTF-8 unless the option says otherwise.
        var path = directory.Write("utf16-no-bom.csv", Encoding.Unicode.GetBytes("Name,Email\nKäse AG,info@kaese.example\n"));
        var ansi = directory.Write("ansi-like-utf8.csv", Encoding.UTF8.GetBytes("Name,Email\nMüller AG,info@mueller.example\n"));

        var forced = VendorFileReader.Read(path, new VendorReadOptions { Encoding = Encoding.Unicode });
        var forcedAnsi = VendorFileReader.Read(ansi, new VendorReadOptions { Encoding = Encoding.Latin1 });

        Assert.Equal("Käse AG", Assert.Single(forced.ThrowIfInvalid().Vendors).Name);
        Assert.Equal("MÃ¼ller AG", Assert.Single(forcedAnsi.ThrowIfInvalid().Vendors).Name);
        Assert.Equal("Müller AG", Assert.Single(VendorFileReader.Read(ansi).ThrowIfInvalid().Vendors).Name);
    }

    [Fact]
    public void Quoted_values_with_line_breaks_keep_the_line_numbers_of_later_rows()
    {
        var path = VendorTestFiles.Data("embedded-newlines.csv");

        var records = VendorFileReader.ReadRecords(path);
        var result = VendorFileReader.Read(path);

        Assert.Empty(records.Errors);
        Assert.Equal(1, records.HeaderLine);
        Assert.Equal(new int?[] { 2, 5, 7, 9 }, records.Records.Select(r => r.Line));
        Assert.Equal("Line one\nline two\nline three", result.Vendors[0].Fields["Notes"]);
        Assert.Equal("quoted \"word\", and comma", result.Vendors[1].Fields["Notes"]);
        Assert.Equal("multi\nline", result.Vendors[2].Fields["Notes"]);
        Assert.Equal(path + ":7", result.Vendors[2].Source);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Source);
        Assert.Equal(9, error.Line);
        Assert.Equal("Email", error.Field);
        Assert.Equal("Delta KG", error.Vendor);
        Assert.Contains("name@domain", error.Message);
    }

    [Theory]
    [InlineData("Vendor", "E-Mail")]
    [InlineData("Company Name", "email_address")]
    [InlineData("supplier name", "Mail")]
    [InlineData("SUPPLIER", "EmailAddress")]
    [InlineData("Vendor-Name", "Contact Email")]
    [InlineData("Firma", "E-Mail-Adresse")]
    public void Matches_header_aliases_loosely(string nameHeader, string emailHeader)
    {
        var path = directory.Write("aliases.csv", $"{nameHeader},{emailHeader},Contact Person,Tags,Supplier ID\nAcme GmbH,info@acme.example,Anna Berg,A|B,S-77\n");

        var result = VendorFileReader.Read(path);

        var vendor = Assert.Single(result.ThrowIfInvalid().Vendors);
        Assert.Equal("Acme GmbH", vendor.Name);
        Assert.Equal("S-77", vendor.Key);
        Assert.Equal("Anna Berg <info@acme.example>", vendor.To.Single().Mailbox.ToString());
        Assert.Equal(new[] { "A", "B" }, vendor.Categories);
        Assert.Empty(vendor.Fields);
    }

    [Fact]
    public void Unrecognised_headers_give_one_error_naming_them()
    {
        var path = directory.Write("unknown.csv", "Firm,Electronic Post,Phone\nA,a@a.example,1\nB,b@b.example,2\n");

        var error = Assert.Single(VendorFileReader.Read(path).Errors);

        Assert.Equal(1, error.Line);
        Assert.Null(error.Field);
        Assert.Contains("found no e-mail address column. Columns found: 'Firm', 'Electronic Post', 'Phone'", error.Message);
        Assert.Contains("Email, E-mail, Mail", error.Message);
    }

    [Fact]
    public void Cells_with_several_addresses_give_several_contacts()
    {
        var path = directory.Write(
            "multi.csv",
            "Name,Email,Cc\n"
            + "Acme GmbH,\"a@acme.example; Berg, Anna <anna@acme.example>, \"\"Ortiz, Ben\"\" <ben@acme.example>\",\"c1@acme.example,c2@acme.example\"\n");

        var vendor = Assert.Single(VendorFileReader.Read(path).ThrowIfInvalid().Vendors);

        Assert.Equal(new[] { "a@acme.example", "anna@acme.example", "ben@acme.example" }, vendor.To.Select(c => c.Email));
        Assert.Equal(new string?[] { null, "Berg, Anna", "Ortiz, Ben" }, vendor.To.Select(c => c.Name));
        Assert.Equal(new[] { "c1@acme.example", "c2@acme.example" }, vendor.Cc.Select(c => c.Email));
    }

    [Fact]
    public void Repeated_rows_add_contacts_to_one_vendor()
    {
        var path = directory.Write(
            "repeated.csv",
            "VendorId,Company,Contact,Email,Category,Phone\n"
            + "V1,Acme GmbH,Anna Berg,anna@acme.example,Cables,\n"
            + "V2,Beta AG,,beta@beta.example,Fasteners,555\n"
            + "V1,Acme GmbH,Ben Ortiz,ben@acme.example,cables; Electrical,0301234\n"
            + "V1,ACME GmbH,,ANNA@acme.example,,\n");

        var result = VendorFileReader.Read(path).ThrowIfInvalid();

        Assert.Equal(2, result.Vendors.Count);
        var acme = result.Vendors[0];
        Assert.Equal("V1", acme.Key);
        Assert.Equal("Acme GmbH", acme.Name);
        Assert.Equal(new[] { "Anna Berg <anna@acme.example>", "Ben Ortiz <ben@acme.example>" }, acme.To.Select(c => c.Mailbox.ToString()));
        Assert.Equal(new[] { "Cables", "Electrical" }, acme.Categories);
        Assert.Equal("0301234", acme.Fields["phone"]);
        Assert.Equal(path + ":2", acme.Source);
    }

    [Fact]
    public void Rows_with_fewer_fields_and_blank_lines_are_accepted()
    {
        var path = directory.Write("short.csv", "\n\nName,Email,Phone,Country\n\nAcme GmbH,info@acme.example\n  \n,,,\nBeta AG,beta@beta.example,555,AT,,\n");

        var records = VendorFileReader.ReadRecords(path);
        var result = VendorFileReader.Read(path).ThrowIfInvalid();

        Assert.Equal(3, records.HeaderLine);
        Assert.Equal(new int?[] { 5, 8 }, records.Records.Select(r => r.Line));
        Assert.Equal(string.Empty, result.Vendors[0].Fields["Country"]);
        Assert.Equal("AT", result.Vendors[1].Fields["Country"]);
    }

    [Fact]
    public void Category_filter_keeps_vendors_with_any_of_the_categories()
    {
        var path = directory.Write(
            "categories.csv",
            "Name,Email,Category\nA,a@a.example,Cables\nB,b@b.example,Fasteners|Tools\nC,c@c.example,Packaging\nD,d@d.example,\n");

        var result = VendorFileReader.Read(path, new VendorReadOptions { Categories = new[] { "tools", "CABLES" } });

        Assert.True(result.IsValid);
        Assert.Equal(new[] { "A", "B" }, result.Vendors.Select(v => v.Name));
    }

    [Fact]
    public void Unknown_extension_is_a_clear_error()
    {
        var path = directory.Write("vendors.xlsx", "Name,Email\nA,a@a.example\n");

        var ex = Assert.Throws<RfqSenderException>(() => VendorFileReader.Read(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains(".xlsx", ex.Message);
        Assert.Contains("Save the workbook as CSV", ex.Message);
    }

    [Fact]
    public void Format_can_be_forced_regardless_of_extension()
    {
        var path = directory.Write("vendors.data", "[{\"name\": \"A\", \"email\": \"a@a.example\"}]");

        var result = VendorFileReader.Read(path, new VendorReadOptions { Format = VendorFileFormat.Json });

        Assert.Equal("A", Assert.Single(result.ThrowIfInvalid().Vendors).Name);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = System.IO.Path.Combine(directory.Path, "nope.csv");

        var ex = Assert.Throws<RfqSenderException>(() => VendorFileReader.Read(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }
}
