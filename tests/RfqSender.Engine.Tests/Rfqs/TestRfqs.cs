using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Rfqs;

/// <summary>Builds RFQs, vendors and contacts for tests, and finds test data and the repository root.</summary>
internal static class TestRfqs
{
    public static readonly DateTimeOffset DueDate = new(2026, 12, 15, 17, 0, 0, TimeSpan.FromHours(1));

    public static Rfq Rfq(
        string subject = "RFQ {{Rfq.Number}}",
        string? text = "Dear {{Contact.Name}}",
        string? html = null,
        IReadOnlyList<LineItem>? items = null,
        IReadOnlyDictionary<string, string>? fields = null,
        IReadOnlyList<RfqAttachment>? attachments = null,
        string? replyTo = null) =>
        new(
            "RFQ-2026-114",
            "Copper cable, 3 lots",
            DueDate,
            MailboxAddress.Parse("Purchasing <purchasing@contoso.example>"),
            replyTo is null ? null : MailboxAddress.Parse(replyTo),
            subject,
            text,
            html,
            items ?? new[]
            {
                new LineItem("CU-3x2.5", "NYM-J 3x2.5 mm², 100 m drums", 40.00m, "drum"),
                new LineItem("CU-4x16", "NYY-J <black> & \"cut\"", 850.50m, "m"),
            },
            attachments ?? Array.Empty<RfqAttachment>(),
            fields);

    public static Vendor Vendor(
        string name = "Acme Kabel GmbH",
        string key = "ACME",
        IReadOnlyDictionary<string, string>? fields = null,
        params string[] categories) =>
        new(
            key,
            name,
            new[] { Contact(), new VendorContact(MailboxAddress.Parse("sales@acme.example"), ContactRole.Cc) },
            categories,
            fields ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Country"] = "DE" });

    public static VendorContact Contact(string mailbox = "Anna Berg <anna.berg@acme.example>") =>
        new(MailboxAddress.Parse(mailbox), ContactRole.To);

    public static string TestData(params string[] parts) =>
        Path.Combine(new[] { AppContext.BaseDirectory, "TestData", "Rfqs" }.Concat(parts).ToArray());

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RfqSender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RfqSender.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh temporary folder, deleted by disposing the result.</summary>
    public static TestFolder TestFolder() => new();
}
