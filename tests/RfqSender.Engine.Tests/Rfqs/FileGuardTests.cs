using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Tests.Rfqs;

/// <summary>Only regular files within their limits are read: sizes are checked before a byte is read.</summary>
public sealed class FileGuardTests
{
    private const string Head = "number: RFQ-G-1\ntitle: T\ndueDate: 2099-01-01T00:00:00Z\nfrom: a@contoso.example\nsubject: \"{{Rfq.Number}}\"\n";

    [Fact]
    public void A_body_file_over_the_limit_is_refused_by_its_size_without_being_read()
    {
        using var folder = new TestFolder();
        folder.Write("body.txt", new byte[(int)RfqDraftValidator.MaxBodyFileBytes + 1]);
        var path = folder.Write("rfq.yaml", Head + "bodyPath: body.txt\n");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("field 'bodyPath': the file 'body.txt' is 5 MB; the limit is 5 MB", error.Message.Replace("5.0 MB", "5 MB"));
        Assert.True(allocated < RfqDraftValidator.MaxBodyFileBytes / 2, $"{allocated} bytes allocated: the file was read");
    }

    [Fact]
    public void An_empty_body_file_is_refused_with_the_reason()
    {
        using var folder = new TestFolder();
        folder.Write("body.txt", Array.Empty<byte>());
        var path = folder.Write("rfq.yaml", Head + "bodyPath: body.txt\n");

        var error = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));

        Assert.Contains("the file 'body.txt' is empty", error.Message);
    }

    [Fact]
    public void An_rfq_file_that_is_a_folder_says_so()
    {
        using var folder = new TestFolder();

        var error = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(folder.Path));

        Assert.Contains("the RFQ file is a folder, not a file", error.Message);
    }

    [Fact]
    public void A_body_file_with_a_utf16_byte_order_mark_is_read()
    {
        using var folder = new TestFolder();
        folder.Write("body.txt", System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes("Grüße, {{Vendor.Name}}")).ToArray());
        var path = folder.Write("rfq.yaml", Head + "bodyPath: body.txt\n");

        var rfq = RfqFileLoader.Load(path);

        Assert.Equal("Grüße, {{Vendor.Name}}", rfq.BodyTextTemplate);
    }
}
