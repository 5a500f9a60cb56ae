using RfqSender.Engine.Tests.Support;
using System.IO.Compression;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Tests.Rfqs;

public class AttachmentPreparerTests
{
    private static Rfq WithAttachments(params RfqAttachment[] attachments) => TestRfqs.Rfq(attachments: attachments);

    private static byte[] Compressible(int length) =>
        System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("Copper cable NYM-J 3x2.5 mm2, 100 m drums. ", (length / 43) + 1))).Take(length).ToArray();

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Encodes_each_attachment_once_with_its_media_type()
    {
        using var folder = TestRfqs.TestFolder();
        var pdf = folder.Write("spec.pdf", Random(3000));
        var xlsx = folder.Write("prices.xlsx", Random(100));
        var prepared = AttachmentPreparer.Prepare(WithAttachments(new RfqAttachment(pdf), new RfqAttachment(xlsx, "Price list.xlsx")), new AttachmentLimits());

        Assert.Equal(new[] { "spec.pdf", "Price list.xlsx" }, prepared.Attachments.Select(a => a.FileName));
        Assert.Equal(new[] { "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }, prepared.Attachments.Select(a => a.ContentType));
        Assert.Equal(new long[] { 3000, 100 }, prepared.Attachments.Select(a => a.Length));
        Assert.Empty(prepared.CompressedFileNames);
        Assert.Equal(prepared.Attachments.Sum(a => a.EncodedLength), prepared.TotalEncodedBytes);
    }

    [Fact]
    public void Too_big_file_is_reported_with_sizes_and_limit()
    {
        using var folder = TestRfqs.TestFolder();
        var big = folder.Write("big.pdf", new byte[3 * 1024 * 1024 / 2]);
        var ex = Assert.Throws<AttachmentException>(() => AttachmentPreparer.Prepare(WithAttachments(new RfqAttachment(big)), new AttachmentLimits { MaxFileBytes = 1024 * 1024 }));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("'big.pdf'", error);
        Assert.Contains("is 1.5 MB; the limit per file is 1 MB", error);
        Assert.IsAssignableFrom<RfqSenderException>(ex);
    }

    [Fact]
    public void Total_encoded_size_over_the_message_limit_is_reported()
    {
        using var folder = TestRfqs.TestFolder();
        var a = folder.Write("a.bin", new byte[600 * 1024]);
        var b = folder.Write("b.bin", new byte[600 * 1024]);
        var limits = new AttachmentLimits { MaxFileBytes = 1024 * 1024, MaxMessageBytes = 1500 * 1024 };

        // 1200 KiB raw fits under 1500 KiB, but base64 makes it about 1.6 MB.
        var ex = Assert.Throws<AttachmentException>(() => AttachmentPreparer.Prepare(WithAttachments(new RfqAttachment(a), new RfqAttachment(b)), limits));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("the message is 1.6 MB once encoded", error);
        Assert.Contains("attachments a.bin 600 KB, b.bin 600 KB", error);
        Assert.Contains("the limit per message is 1.5 MB", error);
        Assert.True(AttachmentPreparer.EstimateEncodedBytes(1200 * 1024) > limits.MaxMessageBytes);
    }

    [Fact]
    public void Missing_and_folder_attachments_are_all_reported()
    {
        using var folder = TestRfqs.TestFolder();
        var present = folder.Write("ok.pdf", new byte[10]);
        var missing = Path.Combine(folder.Path, "gone.pdf");
        Directory.CreateDirectory(Path.Combine(folder.Path, "dir.pdf"));

        var ex = Assert.Throws<AttachmentException>(() => AttachmentPreparer.Prepare(
            WithAttachments(new RfqAttachment(missing), new RfqAttachment(present), new RfqAttachment(Path.Combine(folder.Path, "dir.pdf"))),
            new AttachmentLimits()));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains($"'gone.pdf' ({missing}) does not exist", ex.Errors[0]);
        Assert.Contains("'dir.pdf'", ex.Errors[1]);
        Assert.Contains("is a folder", ex.Errors[1]);
        Assert.Contains("2 problems", ex.Message);
    }

    [Fact]
    public void File_locked_by_another_writer_is_reported_as_unreadable()
    {
        using var folder = TestRfqs.TestFolder();
        var path = folder.Write("locked.pdf", new byte[10]);
        using var holder = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var ex = Assert.Throws<AttachmentException>(() => AttachmentPreparer.Prepare(WithAttachments(new RfqAttachment(path)), new AttachmentLimits()));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("'locked.pdf'", error);
        Assert.Contains("cannot be read", error);
    }

    [Fact]
    public void Files_above_the_threshold_are_zipped_when_that_shrinks_them_and_unzip_to_the_original()
    {
        using var folder = TestRfqs.TestFolder();
        var original = Compressible(200_000);
        var text = folder.Write("spec.txt", original);
        var noise = folder.Write("photo.jpg", Random(200_000));
        var small = folder.Write("small.txt", Compressible(500));

        var prepared = AttachmentPreparer.Prepare(
            WithAttachments(new RfqAttachment(text), new RfqAttachment(noise), new RfqAttachment(small)),
            new AttachmentLimits { CompressAboveBytes = 10_000 });

        Assert.Equal(new[] { "spec.txt.zip", "photo.jpg", "small.txt" }, prepared.Attachments.Select(a => a.FileName));
        Assert.Equal(new[] { "spec.txt.zip" }, prepared.CompressedFileNames);
        var zip = prepared.Attachments[0];
        Assert.Equal("application/zip", zip.ContentType);
        Assert.True(zip.Length < original.Length / 5);

        using var archive = new ZipArchive(new MemoryStream(DecodePart(zip)), ZipArchiveMode.Read);
        var entry = Assert.Single(archive.Entries);
        Assert.Equal("spec.txt", entry.FullName);
        using var unzipped = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(unzipped);
        }

        Assert.Equal(original, unzipped.ToArray());
    }

    [Fact]
    public void Compression_can_bring_a_file_under_the_per_file_limit_and_limits_are_checked_after_it()
    {
        using var folder = TestRfqs.TestFolder();
        var text = folder.Write("log.txt", Compressible(300_000));
        var limits = new AttachmentLimits { MaxFileBytes = 100_000, CompressAboveBytes = 1000 };

        var prepared = AttachmentPreparer.Prepare(WithAttachments(new RfqAttachment(text)), limits);
        Assert.True(prepared.Attachments.Single().Length <= limits.MaxFileBytes);

        var noise = folder.Write("noise.bin", Random(300_000));
        var ex = Assert.Throws<AttachmentException>(() => AttachmentPreparer.Prepare(WithAttachments(new RfqAttachment(noise)), limits));
        Assert.Contains("'noise.bin'", Assert.Single(ex.Errors));
    }

    private static byte[] DecodePart(EncodedAttachment attachment)
    {
        using var output = new MemoryStream();
        attachment.WriteTo(output);
        var part = System.Text.Encoding.ASCII.GetString(output.ToArray());
        var body = part.Substring(part.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4);
        return Convert.FromBase64String(body);
    }

    [Fact]
    public void The_bodies_count_towards_the_message_limit()
    {
        using var folder = TestRfqs.TestFolder();
        var a = folder.Write("a.bin", new byte[500 * 1024]);
        var limits = new AttachmentLimits { MaxMessageBytes = 1024 * 1024 };
        var rfq = WithAttachments(new RfqAttachment(a));
        var large = new Rfq(rfq.Number, rfq.Title, rfq.DueDate, rfq.From, rfq.ReplyTo, rfq.SubjectTemplate, new string('x', 400 * 1024), null, rfq.Items, rfq.Attachments, rfq.Fields);

        AttachmentPreparer.Prepare(rfq, limits);
        var ex = Assert.Throws<AttachmentException>(() => AttachmentPreparer.Prepare(large, limits));

        Assert.Matches(@"bodies 5\d\d(\.\d)? KB, attachments a\.bin 500 KB", Assert.Single(ex.Errors));
        Assert.Contains("the limit per message is 1 MB", ex.Errors[0]);
    }
}
