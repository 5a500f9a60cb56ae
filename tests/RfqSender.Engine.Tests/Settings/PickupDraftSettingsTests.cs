using System.Collections;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Messages;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Settings;

/// <summary>pickupDrafts (file), RFQSENDER_PICKUP_DRAFTS (variable) and -Draft/--draft (parameters) make the pickup folder write drafts.</summary>
public sealed class PickupDraftSettingsTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private RfqSenderSettings Load(IDictionary? environment = null) =>
        SettingsLoader.Load(null, null, environment ?? new Hashtable(), _temp.Path);

    private static OutgoingMessage Message() => new(
        "rfq.1.2@contoso.example",
        MailboxAddress.Parse("buy@contoso.example"),
        null,
        new[] { MailboxAddress.Parse("sales@vendor.example") },
        Array.Empty<MailboxAddress>(),
        "Hello",
        "Body",
        null,
        new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero),
        Array.Empty<EncodedAttachment>())
    {
        Label = "RFQ-1 - Vendor [v1]",
    };

    [Fact]
    public void The_setting_is_off_unless_a_file_or_variable_turns_it_on()
    {
        Assert.False(Load().PickupDrafts);

        File.WriteAllText(_temp.Combine("rfqsender.yaml"), "pickupDrafts: true\n");
        Assert.True(Load().PickupDrafts);
        Assert.False(Load(new Hashtable { [SettingsLoader.PickupDraftsVariable] = "false" }).PickupDrafts);
        Assert.True(new SettingsOverrides().ApplyTo(Load()).PickupDrafts);
        Assert.False(new SettingsOverrides { PickupDrafts = false }.ApplyTo(Load()).PickupDrafts);
    }

    [Fact]
    public void A_value_that_is_not_true_or_false_names_the_key_or_variable()
    {
        File.WriteAllText(_temp.Combine("rfqsender.yaml"), "pickupDrafts: sometimes\n");
        var fromFile = Assert.Throws<SettingsException>(() => Load());
        File.Delete(_temp.Combine("rfqsender.yaml"));
        var fromVariable = Assert.Throws<SettingsException>(() => Load(new Hashtable { [SettingsLoader.PickupDraftsVariable] = "yes please" }));

        Assert.Contains("pickupDrafts", fromFile.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(SettingsLoader.PickupDraftsVariable, fromVariable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_means_the_pickup_folder_and_contradicts_another_transport()
    {
        Assert.Equal(TransportKind.Pickup, new SettingsOverrides { PickupDrafts = true }.ApplyTo(Load()).Transport);

        var error = Assert.Throws<SettingsException>(() => new SettingsOverrides { PickupDrafts = true, Transport = TransportKind.Smtp, SmtpServer = "relay.example" }.ApplyTo(Load()));

        Assert.Contains("Draft (--draft)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drafts_carry_x_unsent_and_otherwise_the_same_bytes_as_a_sent_message()
    {
        var settings = new SettingsOverrides { PickupFolder = _temp.Combine("drafts"), PickupDrafts = true }.ApplyTo(Load());
        await using var drafts = TransportFactory.Create(settings);
        await using var plain = new PickupFolderTransport(_temp.Combine("plain"));

        var draft = await drafts.SendAsync(Message(), CancellationToken.None);
        var sent = await plain.SendAsync(Message(), CancellationToken.None);

        Assert.Contains("(drafts, X-Unsent: 1)", drafts.Description, StringComparison.Ordinal);
        var draftText = File.ReadAllText(draft.Detail!);
        Assert.Contains("\r\nX-Unsent: 1\r\n", draftText, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(sent.Detail!), draftText.Replace("X-Unsent: 1\r\n", string.Empty, StringComparison.Ordinal));
        var parsed = PythonEmailReader.Read(draft.Detail!);
        Assert.Contains("X-Unsent", parsed.HeaderNames);
        Assert.Empty(parsed.Defects);
    }

    [Fact]
    public void X_unsent_cannot_be_given_as_an_extra_header()
    {
        var message = new OutgoingMessage(
            "rfq.1.2@contoso.example", MailboxAddress.Parse("buy@contoso.example"), null, new[] { MailboxAddress.Parse("s@v.example") },
            Array.Empty<MailboxAddress>(), "Hi", "Body", null, DateTimeOffset.UnixEpoch, Array.Empty<EncodedAttachment>(),
            new[] { new KeyValuePair<string, string>("X-Unsent", "1") });

        Assert.Throws<MimeWriteException>(() => new MimeMessageWriter().Write(message, new MemoryStream()));
    }
}
