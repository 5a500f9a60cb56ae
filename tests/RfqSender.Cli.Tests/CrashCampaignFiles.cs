using System.Text;

namespace RfqSender.Cli.Tests;

/// <summary>The RFQ file and vendor list the crash tests send: a plain-text RFQ and numbered vendors, one address each.</summary>
internal static class CrashCampaignFiles
{
    /// <summary>
    /// Writes <c>rfq.yaml</c> for campaign <paramref name="number"/> into <paramref name="folder"/>; returns its path. Its
    /// due date is two months after the run, so a reminder run (none goes after the due date) works on any day.
    /// </summary>
    public static string WriteRfq(string folder, string number, string title)
    {
        var path = Path.Combine(folder, "rfq.yaml");
        var due = DateTime.UtcNow.Date.AddDays(60).ToString("yyyy-MM-dd'T'17:00:00'Z'", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(path, $$$"""
            number: {{{number}}}
            title: {{{title}}}
            dueDate: {{{due}}}
            from: "Purchasing <purchasing@contoso.example>"
            subject: "RFQ {{Rfq.Number}} for {{Vendor.Name}}"
            body: |
              Dear {{Contact.Name}},
              please quote for {{Rfq.Title}}.
            """, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Writes <c>vendors.csv</c> with <paramref name="count"/> vendors (sales<i>N</i>@vendor<i>N</i>.example); returns its path.</summary>
    public static string WriteVendors(string folder, int count)
    {
        var path = Path.Combine(folder, "vendors.csv");
        File.WriteAllLines(path, new[] { "Company,Contact,Email" }
            .Concat(Enumerable.Range(1, count).Select(i => $"Vendor {i},Contact {i},sales{i}@vendor{i}.example")));
        return path;
    }
}
