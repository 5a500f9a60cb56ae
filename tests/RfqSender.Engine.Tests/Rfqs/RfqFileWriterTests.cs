using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Tests.Rfqs;

public class RfqFileWriterTests
{
    [Theory]
    [InlineData("examples")]
    [InlineData("full")]
    public void Saved_rfq_loads_back_equal(string which)
    {
        var source = which == "examples"
            ? Path.Combine(TestRfqs.RepoRoot(), "examples", "rfq.yaml")
            : TestRfqs.TestData("Valid", "full.yaml");
        var rfq = RfqFileLoader.Load(source);
        using var folder = TestRfqs.TestFolder();
        var path = Path.Combine(folder.Path, "out", "saved.yaml");

        RfqFileWriter.Save(rfq, path);
        var again = RfqFileLoader.Load(path);

        Assert.Equal(rfq.Number, again.Number);
        Assert.Equal(rfq.Title, again.Title);
        Assert.Equal(rfq.DueDate, again.DueDate);
        Assert.Equal(rfq.DueDate.Offset, again.DueDate.Offset);
        Assert.Equal(rfq.From.ToString(), again.From.ToString());
        Assert.Equal(rfq.ReplyTo?.ToString(), again.ReplyTo?.ToString());
        Assert.Equal(rfq.SubjectTemplate, again.SubjectTemplate);
        Assert.Equal(rfq.BodyTextTemplate, again.BodyTextTemplate);
        Assert.Equal(rfq.BodyHtmlTemplate, again.BodyHtmlTemplate);
        Assert.Equal(rfq.Items.Select(i => (i.Part, i.Description, i.Quantity, i.Unit)), again.Items.Select(i => (i.Part, i.Description, i.Quantity, i.Unit)));
        Assert.Equal(rfq.Attachments.Select(a => (a.Path, a.FileName)), again.Attachments.Select(a => (a.Path, a.FileName)));
        Assert.Equal(rfq.Fields.OrderBy(f => f.Key), again.Fields.OrderBy(f => f.Key));
        Assert.Equal((rfq.Reminder?.Subject, rfq.Reminder?.Body, rfq.Reminder?.BodyHtml), (again.Reminder?.Subject, again.Reminder?.Body, again.Reminder?.BodyHtml));
        if (which == "examples")
        {
            Assert.StartsWith("Reminder: RFQ {{Rfq.Number}}", again.Reminder!.Subject);
        }
    }
}
