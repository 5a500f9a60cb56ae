using RfqSender.Engine.Messages;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Transports;

public sealed class PickupFolderTransportTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static OutgoingMessage Message(string label, string subject = "Hello") => new(
        "rfq.1.2@contoso.example",
        MailboxAddress.Parse("buy@contoso.example"),
        null,
        new[] { MailboxAddress.Parse("sales@vendor.example") },
        Array.Empty<MailboxAddress>(),
        subject,
        "Body",
        null,
        new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero),
        Array.Empty<EncodedAttachment>())
    {
        Label = label,
    };

    [Fact]
    public async Task Writes_one_eml_named_after_the_label_and_reports_its_path()
    {
        var transport = new PickupFolderTransport(_temp.Combine("out"));

        var outcome = await transport.SendAsync(Message("RFQ-1 - Müller: Kabel/Draht [v1]"), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Sent, outcome.Kind);
        var file = Assert.Single(Directory.GetFiles(_temp.Combine("out")));
        Assert.Equal(file, outcome.Detail);
        Assert.Equal("RFQ-1 - Müller_ Kabel_Draht [v1].eml", Path.GetFileName(file));
        Assert.Contains("Subject: Hello", File.ReadAllText(file));
    }

    [Fact]
    public async Task Sending_again_never_overwrites_the_first_file_and_leaves_no_temporary_files()
    {
        var transport = new PickupFolderTransport(_temp.Combine("out"));

        var first = await transport.SendAsync(Message("same [k]", "First"), CancellationToken.None);
        var second = await transport.SendAsync(Message("same [k]", "Second"), CancellationToken.None);

        var files = Directory.GetFiles(_temp.Combine("out")).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains("Subject: First", File.ReadAllText(first.Detail!));
        Assert.Contains("Subject: Second", File.ReadAllText(second.Detail!));
        Assert.Equal("same [k] (2).eml", Path.GetFileName(second.Detail));
    }

    [Fact]
    public async Task Long_vendor_names_keep_their_key_so_two_vendors_never_share_a_file()
    {
        var transport = new PickupFolderTransport(_temp.Combine("out"));
        var name = "RFQ-2026-114 - " + new string('A', 200);

        var a = await transport.SendAsync(Message(name + " [acme-1]", "A"), CancellationToken.None);
        var b = await transport.SendAsync(Message(name + " [acme-2]", "B"), CancellationToken.None);

        Assert.EndsWith(" [acme-1].eml", a.Detail);
        Assert.EndsWith(" [acme-2].eml", b.Detail);
        Assert.True(Path.GetFileName(a.Detail)!.Length <= 160);
        Assert.Contains("Subject: A", File.ReadAllText(a.Detail!));
        Assert.Contains("Subject: B", File.ReadAllText(b.Detail!));
    }

    [Fact]
    public async Task Names_that_clean_up_alike_get_files_of_their_own()
    {
        var transport = new PickupFolderTransport(_temp.Combine("out"));

        var a = await transport.SendAsync(Message("RFQ-1 - A/B [a:b]", "A"), CancellationToken.None);
        var b = await transport.SendAsync(Message("RFQ-1 - A_B [a_b]", "B"), CancellationToken.None);

        Assert.NotEqual(a.Detail, b.Detail);
        Assert.Contains("Subject: A", File.ReadAllText(a.Detail!));
        Assert.Contains("Subject: B", File.ReadAllText(b.Detail!));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_written_is_a_transient_failure_naming_the_path()
    {
        var blocker = _temp.Combine("file-not-folder");
        File.WriteAllText(blocker, "x");
        var transport = new PickupFolderTransport(blocker);

        var outcome = await transport.SendAsync(Message("m"), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Transient, outcome.Kind);
        Assert.Contains(blocker, outcome.Detail);
    }
}
