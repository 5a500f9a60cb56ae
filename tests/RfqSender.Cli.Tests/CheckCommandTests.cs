using RfqSender.Engine.Tests.Support;
namespace RfqSender.Cli.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private const string Vendors =
        "VendorId,Company,Contact,Email,Category,Terms\n"
        + "V1,Alpha GmbH,Anna Alpha,anna@alpha.example,Cables,\n"
        + "V2,Beta AG,,sales@beta.example,Cables,30 days\n"
        + "V3,Gamma Ltd,Gary Gamma,gary@gamma.example,Cables,\n"
        + "V4,Delta BV,,info@delta.example,Cables,\n";

    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Check_warns_about_fields_that_render_empty_naming_the_vendors_and_exits_0()
    {
        var rfq = WriteRfq("body: |\n  Dear {{Contact.Name}},\n  terms: {{Vendor.Terms}}\n  {{#if Vendor.Terms}}({{Vendor.Terms}}){{/if}} {{Vendor.Name ?? \"\"}}\n");
        var vendors = Write("vendors.csv", Vendors);

        var run = CliRun.Invoke("check", rfq, "--vendors", vendors);

        Assert.True(run.ExitCode == 0, run.ToString());
        var warnings = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, warnings.Length);
        Assert.StartsWith("warning: {{Contact.Name}} (body, line 1) renders empty for 2 of 4 vendors (V2 ", warnings[0]);
        Assert.Contains("vendors.csv:3", warnings[0]);
        Assert.Contains("V4 ", warnings[0]);
        Assert.Contains("vendors.csv:5", warnings[0]);
        Assert.DoesNotContain("V1", warnings[0]);
        Assert.EndsWith("give it a default ({{Contact.Name ?? \"...\"}}) or fill it in the vendor file", warnings[0]);
        Assert.StartsWith("warning: {{Vendor.Terms}} (body, line 2) renders empty for 3 of 4 vendors (V1 ", warnings[1]);
        Assert.Contains("4 vendor(s) from " + vendors + ": all render, 2 warning(s)", run.Output);
    }

    [Fact]
    public void Check_lists_at_most_five_vendors_and_counts_the_rest()
    {
        var rows = string.Concat(Enumerable.Range(1, 8).Select(i => $"V{i},Vendor {i},,v{i}@vendors.example,Cables,\n"));
        var rfq = WriteRfq("body: \"Dear {{Contact.Name}},\"\n");
        var vendors = Write("many.csv", "VendorId,Company,Contact,Email,Category,Terms\n" + rows);

        var run = CliRun.Invoke("check", rfq, "--vendors", vendors);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("renders empty for 8 of 8 vendors (V1 ", run.Error);
        Assert.Contains("V5 ", run.Error);
        Assert.DoesNotContain("V6 ", run.Error);
        Assert.Contains(", and 3 more)", run.Error);
    }

    [Fact]
    public void Check_does_not_warn_when_fields_have_defaults_or_are_guarded_by_if()
    {
        var rfq = WriteRfq("body: |\n  Dear {{Contact.Name ?? \"Sir or Madam\"}},\n  {{#if Vendor.Terms}}terms: {{Vendor.Terms}}{{/if}}\n");
        var vendors = Write("vendors.csv", Vendors);

        var run = CliRun.Invoke("check", rfq, "--vendors", vendors);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains("4 vendor(s) from " + vendors + ": all render", run.Output);
        Assert.DoesNotContain("warning", run.Output);
    }

    [Fact]
    public void Template_errors_still_fail_with_warnings_present()
    {
        var rfq = WriteRfq("body: \"Dear {{Contact.Name}}, {{Vendor.Discount}}\"\n");
        var vendors = Write("vendors.csv", Vendors);

        var run = CliRun.Invoke("check", rfq, "--vendors", vendors);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("Vendor.Discount", run.Error);
    }

    [Fact]
    public void Example_rfq_checks_against_the_example_vendors_without_warnings()
    {
        var run = CliRun.Invoke("check", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("warning", run.Error);
    }

    [Fact]
    public void Example_vendors_without_a_contact_name_are_counted_in_the_warning()
    {
        var rfq = WriteRfq("body: \"Dear {{Contact.Name}},\"\n");

        var run = CliRun.Invoke("check", rfq, "--vendors", Repository.Example("vendors.csv"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning: {{Contact.Name}} (body, line 1) renders empty for 11 of 40 vendors (", run.Error);
    }

    private string WriteRfq(string body) =>
        Write("rfq.yaml", "number: RFQ-1\ntitle: T\ndueDate: 2026-12-15T17:00:00+01:00\nfrom: purchasing@contoso.example\nsubject: \"RFQ {{Rfq.Number}}\"\n" + body);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, text);
        return path;
    }
}
