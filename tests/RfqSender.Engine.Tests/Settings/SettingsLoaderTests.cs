using System.Collections;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Graph;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Settings;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string yaml)
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private RfqSenderSettings Load(string? environmentName = null, IDictionary? environment = null) =>
        SettingsLoader.Load(null, environmentName, environment ?? new Hashtable(), _temp.Path);

    [Fact]
    public void Without_a_file_or_variables_the_defaults_apply()
    {
        var settings = Load();

        Assert.Equal(TransportKind.Pickup, settings.Transport);
        Assert.Equal(RfqSenderDefaults.StorePath, settings.EffectiveStorePath);
        Assert.Empty(settings.Sources);
    }

    [Fact]
    public void The_file_in_the_current_folder_is_read_with_paths_relative_to_it()
    {
        Write("rfqsender.yaml", """
            Store: data/rfq.db
            transport: SMTP
            smtp:
              server: mail.contoso.example
              Port: 465
              tlsMode: implicit
              userName: rfq@contoso.example
              trustedCaCertificatePath: certs/ca.pem
              trustedCertificateThumbprints: [ AABB, CCDD ]
            """);

        var settings = Load();

        Assert.Equal(_temp.Combine("data", "rfq.db"), settings.StorePath);
        Assert.Equal(TransportKind.Smtp, settings.Transport);
        Assert.Equal("mail.contoso.example", settings.Smtp.Server);
        Assert.Equal(465, settings.Smtp.Port);
        Assert.Equal(SmtpTlsMode.Implicit, settings.Smtp.TlsMode);
        Assert.Equal(_temp.Combine("certs", "ca.pem"), settings.Smtp.TrustedCaCertificatePath);
        Assert.Equal(new[] { "AABB", "CCDD" }, settings.Smtp.TrustedCertificateThumbprints);
        Assert.Equal(new[] { _temp.Combine("rfqsender.yaml") }, settings.Sources);
    }

    [Fact]
    public void An_environment_overlay_overrides_the_file_and_variables_override_both()
    {
        Write("rfqsender.yaml", "transport: smtp\nsmtp:\n  server: test-relay.example\n  port: 2525\n");
        Write("rfqsender.Production.yaml", "smtp:\n  server: relay.contoso.example\n");
        var variables = new Hashtable { ["RFQSENDER_SMTP_PORT"] = "587", ["RFQSENDER_SMTP_PASSWORD"] = "s3cret!" , ["RFQSENDER_SMTP_USERNAME"] = "rfq" };

        var settings = Load("Production", variables);

        Assert.Equal("relay.contoso.example", settings.Smtp.Server);
        Assert.Equal(587, settings.Smtp.Port);
        Assert.True(settings.Smtp.HasCredentials);
        Assert.Equal("s3cret!", settings.Smtp.PasswordProvider!());
        Assert.DoesNotContain("s3cret!", settings.Smtp.ToString());
    }

    [Fact]
    public void The_overlay_can_be_chosen_by_variable()
    {
        Write("rfqsender.yaml", "transport: pickup\n");
        Write("rfqsender.Staging.yaml", "transport: graph\ngraph:\n  mailbox: rfq@contoso.example\n  saveToSentItems: false\n");

        var settings = Load(environment: new Hashtable { [SettingsLoader.EnvironmentVariable] = "Staging" });

        Assert.Equal(TransportKind.Graph, settings.Transport);
        Assert.Equal("rfq@contoso.example", settings.Graph.Mailbox);
        Assert.False(settings.Graph.SaveToSentItems);
    }

    [Theory]
    [InlineData("smtp:\n  password: hunter2\n", "smtp.password", "RFQSENDER_SMTP_PASSWORD")]
    [InlineData("graph:\n  clientSecret: abc\n", "graph.clientSecret", "RFQSENDER_GRAPH_CLIENT_SECRET")]
    [InlineData("graph:\n  accessToken: eyJ\n", "graph.accessToken", "RFQSENDER_GRAPH_ACCESS_TOKEN")]
    public void A_secret_in_a_file_is_refused_and_not_repeated(string yaml, string key, string variable)
    {
        var path = Write("rfqsender.yaml", yaml);

        var ex = Assert.Throws<SettingsException>(() => Load());

        Assert.Equal(key, ex.Key);
        Assert.Equal(2, ex.Line);
        Assert.Contains(variable, ex.Message);
        Assert.StartsWith(path + ":2", ex.Message);
        Assert.DoesNotContain(yaml.Split(':').Last().Trim(), ex.Message);
    }

    [Theory]
    [InlineData("smtp:\n  sever: x\n", "smtp.sever", 2, "unknown setting")]
    [InlineData("smtp:\n  port: 70000\n", "smtp.port", 2, "1 to 65535")]
    [InlineData("transport: carrier-pigeon\n", "transport", 1, "Pickup, Smtp, Graph")]
    [InlineData("smtp:\n  tlsMode: maybe\n", "smtp.tlsMode", 2, "Required")]
    [InlineData("graph:\n  cloud: Mars\n", "graph.cloud", 2, "Global")]
    [InlineData("graph:\n  baseUrl: http://graph.example\n", "graph.baseUrl", 2, "https")]
    [InlineData("smtp:\n  skipCertificateValidation: sometimes\n", "smtp.skipCertificateValidation", 2, "true or false")]
    public void Bad_values_name_the_file_line_and_key(string yaml, string key, int line, string fragment)
    {
        Write("rfqsender.yaml", yaml);

        var ex = Assert.Throws<SettingsException>(() => Load());

        Assert.Equal(key, ex.Key);
        Assert.Equal(line, ex.Line);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void Malformed_yaml_and_a_missing_named_file_are_clear_errors()
    {
        Write("rfqsender.yaml", "smtp: [unclosed\n");
        Assert.Contains("not valid YAML", Assert.Throws<SettingsException>(() => Load()).Message);

        var missing = _temp.Combine("nope.yaml");
        Assert.Contains("does not exist", Assert.Throws<SettingsException>(() => SettingsLoader.Load(missing, null, new Hashtable())).Message);
    }

    [Fact]
    public void Overrides_win_over_files_and_a_caller_credential_replaces_the_configured_one()
    {
        Write("rfqsender.yaml", "transport: graph\ngraph:\n  tenantId: contoso.example\n  clientId: 11111111-1111-1111-1111-111111111111\n  certificateThumbprint: ABCDEF\n");
        var settings = Load();

        new SettingsOverrides { ManagedIdentity = true, Mailbox = "shared-rfq@contoso.example", StorePath = "/tmp/x.db" }.ApplyTo(settings);

        Assert.Equal(GraphCredentialKind.ManagedIdentity, settings.GraphAuthentication.CredentialKind);
        Assert.Null(settings.GraphAuthentication.CertificateThumbprint);
        Assert.Equal("shared-rfq@contoso.example", settings.Graph.Mailbox);
        Assert.Equal("/tmp/x.db", settings.EffectiveStorePath);
    }

    [Fact]
    public void A_cloud_named_by_the_caller_wins_even_when_it_is_global()
    {
        Write("rfqsender.yaml", "graph:\n  cloud: USGovernment\n");
        var settings = Load();

        new SettingsOverrides { Cloud = GraphCloud.Global }.ApplyTo(settings);

        Assert.Equal(GraphCloud.Global, settings.GraphAuthentication.Cloud);
        Assert.Equal(GraphCloud.USGovernment, Load().GraphAuthentication.Cloud);
    }

    [Fact]
    public async Task The_factory_builds_the_configured_transport_and_checks_its_settings()
    {
        var pickup = new RfqSenderSettings { PickupFolder = _temp.Combine("out") };
        var smtp = new RfqSenderSettings { Transport = TransportKind.Smtp };
        smtp.Smtp.Server = "relay.contoso.example";
        var graph = new RfqSenderSettings { Transport = TransportKind.Graph };
        graph.GraphAuthentication.UseManagedIdentity = true;
        var incomplete = new RfqSenderSettings { Transport = TransportKind.Smtp };

        await using var a = TransportFactory.Create(pickup);
        await using var b = TransportFactory.Create(smtp);
        await using var c = TransportFactory.Create(graph);

        Assert.IsType<PickupFolderTransport>(a);
        Assert.IsType<SmtpTransport>(b);
        Assert.IsType<GraphTransport>(c);
        Assert.Contains("relay.contoso.example", b.Description);
        Assert.ThrowsAny<RfqSenderException>(() => TransportFactory.Create(incomplete));
    }

    [Fact]
    public void Smtp_timeouts_default_to_what_a_submission_server_needs_and_come_from_the_file_then_variables_then_parameters()
    {
        var defaults = Load().Smtp;
        Write("rfqsender.yaml", "smtp:\n  connectTimeoutSeconds: 5\n  commandTimeoutSeconds: 6\n  dataTimeoutSeconds: 7\n  finalReplyTimeoutSeconds: 8\n");
        var fromFile = Load().Smtp;
        var fromVariables = Load(environment: new Hashtable
        {
            ["RFQSENDER_SMTP_CONNECT_TIMEOUT"] = "9",
            ["RFQSENDER_SMTP_FINAL_REPLY_TIMEOUT"] = "10",
        }).Smtp;
        var fromParameters = new SettingsOverrides { CommandTimeoutSeconds = 11, DataTimeoutSeconds = 12 }.ApplyTo(Load()).Smtp;

        Assert.Equal((15, 30, 300, 120), Seconds(defaults));
        Assert.Equal((5, 6, 7, 8), Seconds(fromFile));
        Assert.Equal((9, 6, 7, 10), Seconds(fromVariables));
        Assert.Equal((5, 11, 12, 8), Seconds(fromParameters));
    }

    [Theory]
    [InlineData("RFQSENDER_SMTP_COMMAND_TIMEOUT", "0")]
    [InlineData("RFQSENDER_SMTP_DATA_TIMEOUT", "soon")]
    public void A_bad_timeout_variable_is_an_error_naming_it(string variable, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Load(environment: new Hashtable { [variable] = value }));

        Assert.Contains(variable, error.Message);
        Assert.Contains("seconds from 1 to 86400", error.Message);
    }

    private static (int, int, int, int) Seconds(SmtpSettings smtp) =>
        ((int)smtp.ConnectTimeout.TotalSeconds, (int)smtp.CommandTimeout.TotalSeconds, (int)smtp.DataTimeout.TotalSeconds, (int)smtp.FinalReplyTimeout.TotalSeconds);

    [Theory]
    [InlineData("starttls", SmtpTlsMode.Required)]
    [InlineData("StartTlsWhenAvailable", SmtpTlsMode.Opportunistic)]
    [InlineData("SslOnConnect", SmtpTlsMode.Implicit)]
    [InlineData("implicit", SmtpTlsMode.Implicit)]
    [InlineData("Auto", SmtpTlsMode.Auto)]
    public void Tls_modes_take_the_names_of_mailkit_based_tools_too(string name, SmtpTlsMode expected)
    {
        Write("rfqsender.yaml", $"smtp:\n  tlsMode: {name}\n");

        var fromFile = Load().Smtp.TlsMode;
        var fromVariable = Load(environment: new Hashtable { ["RFQSENDER_SMTP_TLS_MODE"] = name }).Smtp.TlsMode;

        Assert.Equal(expected, fromFile);
        Assert.Equal(expected, fromVariable);
    }

    [Fact]
    public void Auto_and_use_ssl_choose_the_mode_from_the_port()
    {
        var auto465 = new SmtpSettings { Server = "m", Port = 465, TlsMode = SmtpTlsMode.Auto };
        var auto587 = new SmtpSettings { Server = "m", Port = 587, TlsMode = SmtpTlsMode.Auto };
        var useSsl465 = new SettingsOverrides { SmtpServer = "m", Port = 465, UseSsl = true }.ApplyTo(Load()).Smtp;
        var useSsl587 = new SettingsOverrides { SmtpServer = "m", Port = 587, UseSsl = true }.ApplyTo(Load()).Smtp;

        Assert.Equal(SmtpTlsMode.Implicit, auto465.EffectiveTlsMode);
        Assert.Equal(SmtpTlsMode.Opportunistic, auto587.EffectiveTlsMode);
        Assert.Equal(SmtpTlsMode.Implicit, useSsl465.TlsMode);
        Assert.Equal(SmtpTlsMode.Required, useSsl587.TlsMode);
    }

    [Fact]
    public void An_unknown_tls_mode_lists_every_accepted_name()
    {
        Write("rfqsender.yaml", "smtp:\n  tlsMode: ssl3\n");

        var error = Assert.Throws<SettingsException>(() => Load());

        Assert.Contains("'ssl3' is not one of Required, Opportunistic, None, Implicit, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect", error.Message);
    }
}
