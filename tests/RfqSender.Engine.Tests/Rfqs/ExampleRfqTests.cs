using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Rfqs;

public class ExampleRfqTests
{
    private static string ExamplePath => Path.Combine(TestRfqs.RepoRoot(), "examples", "rfq.yaml");

    private static Vendor ExampleVendor() => TestRfqs.Vendor(
        "Kabelwerk Nord & Söhne GmbH",
        "V-1001",
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Country"] = "DE", ["Phone"] = "+49 40 1234567" },
        "Cable");

    [Fact]
    public void Example_rfq_loads()
    {
        var rfq = RfqFileLoader.Load(ExamplePath);
        Assert.Equal("RFQ-2026-114", rfq.Number);
        Assert.Equal(TimeSpan.FromHours(1), rfq.DueDate.Offset);
        Assert.Equal("contoso.example", rfq.From.Domain);
        Assert.Equal(3, rfq.Items.Count);
        Assert.Contains("mm²", rfq.Items[0].Description);
        Assert.Equal(850.5m, rfq.Items[2].Quantity);
        Assert.NotNull(rfq.BodyTextTemplate);
        Assert.NotNull(rfq.BodyHtmlTemplate);
        var attachment = Assert.Single(rfq.Attachments);
        Assert.Equal("cable-spec.pdf", attachment.FileName);
    }

    [Fact]
    public void Example_rfq_renders_for_a_vendor_with_the_example_vendor_columns()
    {
        var rfq = RfqFileLoader.Load(ExamplePath);
        var templates = RfqTemplates.From(rfq);
        var vendor = ExampleVendor();
        templates.Validate(vendor);
        var context = TemplateContext.For(rfq, vendor, vendor.To.First());

        Assert.Equal("RFQ RFQ-2026-114: Copper cable, 3 lots (reply by 2026-12-15)", templates.RenderSubject(context));
        var text = templates.RenderText(context)!;
        Assert.Contains("Dear Anna Berg,", text);
        Assert.Contains("1. 40 drum CU-3x2.5: NYM-J 3x2.5 mm², 100 m drums\n2. 12 drum CU-5x6:", text);
        Assert.Contains("3. 850.5 m CU-4x16:", text);
        Assert.Contains("(DE supplier)", text);
        Assert.Contains("by 2026-12-15 17:00 +01:00 to rfq-replies@contoso.example", text);
        Assert.DoesNotContain("{{", text);
        var html = templates.RenderHtml(context)!;
        Assert.Contains("<p>Kabelwerk Nord &amp; Söhne GmbH is invited", html);
        Assert.Contains("<tr><td>3</td><td>CU-4x16</td>", html);
        Assert.DoesNotContain("{{", html);
    }

    [Fact]
    public void Example_attachment_is_a_small_valid_pdf_with_correct_cross_reference_offsets()
    {
        var path = Path.Combine(TestRfqs.RepoRoot(), "examples", "specs", "cable-spec.pdf");
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF-1.", text);
        Assert.EndsWith("%%EOF\n", text);

        var startXref = int.Parse(text.Substring(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10).Split('\n')[0]);
        Assert.StartsWith("xref\n0 ", text.Substring(startXref));
        var entries = System.Text.RegularExpressions.Regex.Matches(text.Substring(startXref), @"(\d{10}) 00000 n ");
        Assert.NotEmpty(entries);
        for (var i = 0; i < entries.Count; i++)
        {
            var offset = int.Parse(entries[i].Groups[1].Value);
            Assert.StartsWith($"{i + 1} 0 obj", text.Substring(offset));
        }

        var prepared = AttachmentPreparer.Prepare(RfqFileLoader.Load(ExamplePath), new AttachmentLimits());
        Assert.Equal("application/pdf", prepared.Attachments.Single().ContentType);
    }
}
