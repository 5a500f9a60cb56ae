using RfqSender.Engine.Tests.Support;
using System.Text;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

/// <summary>
/// Text files have no NUL bytes: UTF-16 without a byte order mark is recognised by them and read,
/// and any other file with NUL bytes is refused as what it is, not as a header of mangled columns.
/// </summary>
public sealed class VendorFileNulBytesTests : IDisposable
{
    private const string NulMessage = "the file has NUL bytes, so it looks like UTF-16 without a byte-order mark, or binary (such as an Excel workbook); save it as UTF-8";

    private readonly TestFolder directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("vendors-utf16le-nobom.csv")]
    [InlineData("vendors-utf16be-nobom.csv")]
    public void Utf16_without_a_byte_order_mark_is_read_whole_and_streamed(string file)
    {
        var path = VendorTestFiles.Hostile(file);

        var whole = VendorFileReader.Read(path).ThrowIfInvalid();
        var stream = VendorFileReader.Scan(path);

        Assert.Equal(new[] { "Alpha GmbH", "Müller & Söhne KG", "Øresund Trading ApS" }, whole.Vendors.Select(v => v.Name));
        Assert.Equal(new[] { "V1", "V2", "V3" }, whole.Vendors.Select(v => v.Key));
        Assert.Empty(stream.Errors);
        Assert.Equal(whole.Vendors.Select(v => v.Name), stream.Vendors().Select(v => v.Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_without_a_byte_order_mark_is_recognised_when_the_rows_are_not_latin(bool bigEndian)
    {
        var encoding = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
        var rows = string.Concat(Enumerable.Range(1, 50).Select(i => $"上海电缆{i}有限公司,sales{i}@shanghai-cable.example\n"));
        var path = directory.Write("cjk.csv", encoding.GetBytes("Name,Email\n" + rows));

        var result = VendorFileReader.Read(path).ThrowIfInvalid();

        Assert.Equal(50, result.Vendors.Count);
        Assert.Equal("上海电缆1有限公司", result.Vendors[0].Name);
    }

    [Fact]
    public void A_workbook_renamed_to_csv_is_refused_as_binary_whole_and_streamed()
    {
        var path = VendorTestFiles.Hostile("vendors-xlsx-renamed.csv");

        var whole = VendorFileReader.Read(path);
        var stream = VendorFileReader.Scan(path);

        var error = Assert.Single(whole.Errors);
        Assert.Equal((path, (int?)1, (string?)null), (error.Source, error.Line, error.Field));
        Assert.Equal(NulMessage, error.Message);
        Assert.Equal(whole.Errors.Select(e => e.ToString()), stream.Errors.Select(e => e.ToString()));
        Assert.Empty(whole.Vendors);
    }

    [Theory]
    [InlineData("vendors.csv")]
    [InlineData("vendors.yaml")]
    [InlineData("vendors.json")]
    public void A_nul_byte_in_an_otherwise_valid_file_is_refused_at_its_line(string name)
    {
        var text = Path.GetExtension(name) switch
        {
            ".csv" => "Name,Email\nAlpha GmbH,sales@alpha.example\nBeta\0AG,info@beta.example\n",
            ".yaml" => "- name: Alpha GmbH\n  email: sales@alpha.example\n- name: \"Beta\0AG\"\n  email: info@beta.example\n",
            _ => "[\n  { \"name\": \"Alpha GmbH\", \"email\": \"sales@alpha.example\" },\n  { \"name\": \"Beta\0AG\", \"email\": \"info@beta.example\" }\n]\n",
        };
        var path = directory.Write(name, text);

        var error = Assert.Single(VendorFileReader.Read(path).Errors);

        Assert.Equal(3, error.Line);
        Assert.Equal(NulMessage, error.Message);
    }
}
