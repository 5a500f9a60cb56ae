using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Rfqs;

public class ExampleVendorsRenderTests
{
    [Fact]
    public void Example_rfq_greets_every_example_vendor_by_name_or_with_a_default()
    {
        var rfq = RfqFileLoader.Load(Path.Combine(TestRfqs.RepoRoot(), "examples", "rfq.yaml"));
        var vendors = VendorFileReader.Read(Path.Combine(TestRfqs.RepoRoot(), "examples", "vendors.csv")).ThrowIfInvalid().Vendors;
        var templates = RfqTemplates.From(rfq);
        templates.Validate(vendors);

        Assert.Contains(vendors, v => string.IsNullOrWhiteSpace(v.To.First().Name));
        foreach (var vendor in vendors)
        {
            var context = TemplateContext.For(rfq, vendor, vendor.To.First());
            var text = templates.RenderText(context)!;
            var html = templates.RenderHtml(context)!;
            Assert.False(text.StartsWith("Dear ,", StringComparison.Ordinal), $"{vendor}: {text.Split('\n')[0]}");
            Assert.DoesNotContain("Dear ,", text);
            Assert.DoesNotContain("Dear ,", html);
            Assert.StartsWith("Dear ", text);
        }
    }
}
