using System.Text;
using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tests.Rfqs;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Engine.Tests.Documents.QuoteSheets;

/// <summary>An RFQ of three line items, a store secret, and the sheets of its vendors written to a test folder.</summary>
internal sealed class QuoteSheetFixture : IDisposable
{
    public static readonly byte[] Secret = Encoding.ASCII.GetBytes("quote-sheet-test-secret-0123456789");

    public QuoteSheetFixture(Rfq? rfq = null)
    {
        Rfq = rfq ?? TestRfqs.Rfq(items: new[]
        {
            new LineItem("CU-3x2.5", "NYM-J 3x2.5 mm², 100 m drums", 40m, "drum"),
            new LineItem("CU-4x16", "NYY-J 4x16 mm², \"cut\" to length", 850.5m, "m"),
            new LineItem("=CU-5x10", "Ends with a space ", 3m, string.Empty),
        });
    }

    public Rfq Rfq { get; }

    public TestFolder Folder { get; } = new();

    public QuoteSheetWriter Writer { get; } = new(Secret);

    public QuoteSheetReader Reader { get; } = new(Secret);

    /// <summary>Writes the sheet of a vendor and returns its path.</summary>
    public string Sheet(QuoteSheetFormat format = QuoteSheetFormat.Xlsx, string vendorKey = "ACME", string vendorName = "Acme Kabel GmbH", Rfq? rfq = null) =>
        Folder.Write($"{vendorKey}-{Guid.NewGuid():N}{(format == QuoteSheetFormat.Xlsx ? ".xlsx" : ".csv")}", Writer.Create(rfq ?? Rfq, vendorKey, vendorName, format));

    /// <summary>A new path in the test folder.</summary>
    public string NewPath(string extension = ".xlsx") => Folder.Combine(Guid.NewGuid().ToString("N") + extension);

    public QuoteSheetReadResult Read(string path, string? vendorKey = "ACME", QuoteSheetFormat? format = null)
    {
        using var stream = File.OpenRead(path);
        return Reader.Read(stream, Rfq, vendorKey, format, Path.GetFileName(path));
    }

    public void Dispose() => Folder.Dispose();
}
