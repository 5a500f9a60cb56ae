using RfqSender.Engine.Messages;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Transports;

public sealed class PickupFolderTransportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

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

        Assert.Equal(DeliveryOutcomeKind.Sent, outcome.Kind);
        var file = Assert.Single(Directory.GetFiles(_temp.Combine("out")));
        Assert.Equal(file, outcome.Detail);
        Assert.Equal("RFQ-1 - Müller_ Kabel_Draht [v1].eml", Path.GetFileName(file));
        Assert.Contains("Subject: Hello", File.ReadAllText(file));
    }

    [Fact]
    public async Task Sending_again_replaces_the_file_and_leaves_no_temporary_files()
    {
        var transport = new PickupFolderTransport(_temp.Combine("out"));

        await transport.SendAsync(Message("same", "First"), CancellationToken.None);
        await transport.SendAsync(Message("same", "Second"), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_temp.Combine("out")));
        Assert.Contains("Subject: Second", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_written_is_a_transient_failure_naming_the_path()
    {
        var blocker = _temp.Combine("file-not-folder");
        File.WriteAllText(blocker, "x");
        var transport = new PickupFolderTransport(blocker);

        var outcome = await transport.SendAsync(Message("m"), CancellationToken.None);

        Assert.Equal(DeliveryOutcomeKind.Transient, outcome.Kind);
        Assert.Contains(blocker, outcome.Detail);
    }
}
