using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Tests.Rfqs;

public class BackslashPathTests
{
    private const string Head = "number: N-1\ntitle: T\ndueDate: 2026-01-01T00:00:00Z\nfrom: a@contoso.example\nsubject: s\n";

    [Fact]
    public void Backslashes_in_body_and_attachment_paths_are_directory_separators_on_every_os()
    {
        using var folder = TestRfqs.TestFolder();
        folder.Write(Path.Combine("templates", "body.txt"), "Dear {{Contact.Name}}");
        folder.Write(Path.Combine("templates", "body.html"), "<p>Dear {{Contact.Name}}</p>");
        folder.Write(Path.Combine("specs", "cable-spec.pdf"), new byte[] { 1, 2, 3 });
        folder.Write(Path.Combine("specs", "drawings", "d-7.pdf"), new byte[] { 4 });
        folder.Write(Path.Combine("shared", "terms.pdf"), new byte[] { 5 });
        var path = folder.Write(Path.Combine("rfqs", "rfq.yaml"), Head
            + "bodyPath: ..\\templates\\body.txt\n"
            + "bodyHtmlPath: '..\\templates\\body.html'\n"
            + "attachments:\n"
            + "  - ..\\specs\\cable-spec.pdf\n"
            + "  - { path: ..\\specs\\drawings\\d-7.pdf, name: Drawing 7.pdf }\n"
            + "  - ../shared\\terms.pdf\n");

        var rfq = RfqFileLoader.Load(path);

        Assert.Equal("Dear {{Contact.Name}}", rfq.BodyTextTemplate);
        Assert.Equal("<p>Dear {{Contact.Name}}</p>", rfq.BodyHtmlTemplate);
        Assert.Equal(new[] { "cable-spec.pdf", "Drawing 7.pdf", "terms.pdf" }, rfq.Attachments.Select(a => a.FileName));
        Assert.Equal(
            new[] { Path.Combine(folder.Path, "specs", "cable-spec.pdf"), Path.Combine(folder.Path, "specs", "drawings", "d-7.pdf"), Path.Combine(folder.Path, "shared", "terms.pdf") },
            rfq.Attachments.Select(a => a.Path));
    }

    [Fact]
    public void Missing_file_with_backslashes_is_reported_as_written_with_the_path_looked_for()
    {
        using var folder = TestRfqs.TestFolder();
        var path = folder.Write("rfq.yaml", Head + "body: b\nattachments: [ specs\\missing.pdf ]\n");

        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));

        Assert.Contains("the file 'specs\\missing.pdf' does not exist", ex.Message);
        Assert.Contains(Path.Combine(folder.Path, "specs", "missing.pdf"), ex.Message);
    }
}
