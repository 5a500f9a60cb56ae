using System.Collections;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Settings;

/// <summary>
/// Naming an SMTP server (or a Graph mailbox) chooses that transport wherever it is named; values of
/// two transports, or of another transport than the one named, are an error, never ignored.
/// </summary>
public sealed class TransportChoiceTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private RfqSenderSettings Load(IDictionary? environment = null) =>
        SettingsLoader.Load(null, null, environment ?? new Hashtable(), _temp.Path);

    [Fact]
    public void An_smtp_server_parameter_without_a_transport_chooses_smtp()
    {
        var settings = new SettingsOverrides { SmtpServer = "127.0.0.1", Port = 2526 }.ApplyTo(Load());

        Assert.Equal(TransportKind.Smtp, settings.Transport);
    }

    [Fact]
    public void An_smtp_server_in_the_settings_file_without_a_transport_chooses_smtp()
    {
        File.WriteAllText(_temp.Combine("rfqsender.yaml"), "smtp:\n  server: relay.contoso.example\n  port: 25\n");

        var settings = new SettingsOverrides().ApplyTo(Load());

        Assert.Equal(TransportKind.Smtp, settings.Transport);
        Assert.IsType<RfqSender.Engine.Transports.Smtp.SmtpTransport>(TransportFactory.Create(settings));
    }

    [Fact]
    public void An_smtp_server_variable_without_a_transport_chooses_smtp()
    {
        var settings = new SettingsOverrides().ApplyTo(Load(new Hashtable { ["RFQSENDER_SMTP_SERVER"] = "relay.contoso.example" }));

        Assert.Equal(TransportKind.Smtp, settings.Transport);
    }

    [Fact]
    public void A_credential_or_port_alone_chooses_smtp_too()
    {
        Assert.Equal(TransportKind.Smtp, new SettingsOverrides { Port = 587 }.ApplyTo(Load()).Transport);
        Assert.Equal(TransportKind.Smtp, new SettingsOverrides { UserName = "rfq@contoso.example" }.ApplyTo(Load()).Transport);
    }

    [Fact]
    public void A_graph_mailbox_chooses_graph()
    {
        Assert.Equal(TransportKind.Graph, new SettingsOverrides { Mailbox = "rfq@contoso.example" }.ApplyTo(Load()).Transport);
        Assert.Equal(TransportKind.Graph, new SettingsOverrides { ManagedIdentity = true }.ApplyTo(Load()).Transport);
        Assert.Equal(TransportKind.Graph, new SettingsOverrides().ApplyTo(Load(new Hashtable { ["RFQSENDER_GRAPH_MAILBOX"] = "rfq@contoso.example" })).Transport);
    }

    [Fact]
    public void A_named_pickup_transport_with_an_smtp_server_is_a_contradiction()
    {
        var error = Assert.Throws<SettingsException>(() => new SettingsOverrides { Transport = TransportKind.Pickup, SmtpServer = "x" }.ApplyTo(Load()));

        Assert.Contains("Pickup", error.Message);
        Assert.Contains("SmtpServer", error.Message);
    }

    [Fact]
    public void Smtp_and_graph_values_together_are_an_error_naming_both()
    {
        var error = Assert.Throws<SettingsException>(() => new SettingsOverrides { SmtpServer = "relay", Mailbox = "rfq@contoso.example" }.ApplyTo(Load()));
        Assert.Contains("SmtpServer", error.Message);
        Assert.Contains("Mailbox", error.Message);

        Assert.Throws<SettingsException>(() => new SettingsOverrides { Transport = TransportKind.Smtp, SmtpServer = "relay", Mailbox = "rfq@contoso.example" }.ApplyTo(Load()));
        Assert.Throws<SettingsException>(() => new SettingsOverrides { Transport = TransportKind.Graph, SmtpServer = "relay" }.ApplyTo(Load()));
    }

    [Fact]
    public void Entra_sign_in_with_an_smtp_server_is_smtp_xoauth2_not_a_contradiction()
    {
        var settings = new SettingsOverrides { SmtpServer = "smtp.office365.com", TenantId = "contoso.example", ClientId = "app" }.ApplyTo(Load());

        Assert.Equal(TransportKind.Smtp, settings.Transport);
    }

    [Fact]
    public void A_settings_file_naming_both_an_smtp_server_and_a_graph_mailbox_must_name_the_transport()
    {
        File.WriteAllText(_temp.Combine("rfqsender.yaml"), "smtp:\n  server: relay.contoso.example\ngraph:\n  mailbox: rfq@contoso.example\n");
        var settings = new SettingsOverrides().ApplyTo(Load());

        var error = Assert.Throws<SettingsException>(() => TransportFactory.Create(settings));
        Assert.Contains("transport", error.Message);

        File.AppendAllText(_temp.Combine("rfqsender.yaml"), "transport: smtp\n");
        Assert.Equal(TransportKind.Smtp, new SettingsOverrides().ApplyTo(Load()).Transport);
    }

    [Fact]
    public void A_named_transport_in_the_file_gives_way_to_an_smtp_server_parameter()
    {
        File.WriteAllText(_temp.Combine("rfqsender.yaml"), "transport: pickup\n");

        var settings = new SettingsOverrides { SmtpServer = "127.0.0.1" }.ApplyTo(Load());

        Assert.Equal(TransportKind.Smtp, settings.Transport);
    }

    [Fact]
    public void Nothing_named_is_still_the_pickup_folder()
    {
        Assert.Equal(TransportKind.Pickup, new SettingsOverrides { StorePath = _temp.Combine("s.db") }.ApplyTo(Load()).Transport);
        Assert.Equal(TransportKind.Pickup, new SettingsOverrides { PickupFolder = _temp.Combine("out") }.ApplyTo(Load()).Transport);
    }

    [Fact]
    public void A_missing_password_is_explained_in_the_users_words_not_internal_type_names()
    {
        var settings = new RfqSender.Engine.Transports.Smtp.SmtpSettings { Server = "relay.contoso.example", UserName = "rfq@contoso.example" };

        var error = Assert.ThrowsAny<RfqSenderException>(() => settings.Validate());

        Assert.DoesNotContain("PasswordProvider", error.Message);
        Assert.Contains("-Credential", error.Message);
        Assert.Contains("RFQSENDER_SMTP_PASSWORD", error.Message);
    }
}
