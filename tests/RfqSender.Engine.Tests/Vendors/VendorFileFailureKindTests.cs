using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

/// <summary>A vendor file that is missing, a folder, or of an unknown format is bad input (exit 2, InvalidArgument), not a store failure.</summary>
public sealed class VendorFileFailureKindTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_way_a_vendor_file_cannot_be_used_is_invalid_input_naming_the_file()
    {
        var missing = _temp.Combine("missing.csv");
        var folder = _temp.Combine("folder.csv");
        Directory.CreateDirectory(folder);
        var workbook = _temp.Combine("vendors.xlsx");
        File.WriteAllText(workbook, "PK");

        foreach (var (path, read) in new (string, Action)[]
        {
            (missing, () => VendorFileReader.Read(missing)),
            (missing, () => VendorFileReader.Scan(missing)),
            (folder, () => VendorFileReader.Read(folder)),
            (workbook, () => VendorFileReader.Read(workbook)),
        })
        {
            var ex = Assert.Throws<RfqSenderException>(read);
            Assert.Equal(FailureKind.InvalidInput, ex.Kind);
            Assert.Contains(path, ex.Message);
        }
    }
}
