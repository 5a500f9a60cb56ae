using System.Net;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Transports;

/// <summary>Parity (issue 10): the factory builds transports from the settings it is given and never changes them.</summary>
public sealed class TransportFactoryTests
{
    [Fact]
    public async Task An_smtp_transport_with_xoauth2_from_graph_sign_in_leaves_the_settings_as_they_were()
    {
        var settings = new RfqSenderSettings { Transport = TransportKind.Smtp };
        settings.Smtp.Server = "smtp.office365.com";
        settings.Smtp.UserName = "rfq@contoso.example";
        settings.Smtp.AuthMechanism = SmtpAuthMechanism.XOAuth2;
        settings.Smtp.TrustedCertificateThumbprints.Add("ABABABABABABABABABABABABABABABABABABABAB");
        settings.GraphAuthentication.TenantId = "contoso.example";
        settings.GraphAuthentication.ClientId = "11111111-1111-1111-1111-111111111111";
        settings.GraphAuthentication.ClientSecret = new NetworkCredential(string.Empty, "not-a-real-secret").SecurePassword;

        await using var first = TransportFactory.Create(settings);
        await using var second = TransportFactory.Create(settings);

        Assert.Null(settings.Smtp.AccessTokenProvider);
        Assert.Equal(new[] { "ABABABABABABABABABABABABABABABABABABABAB" }, settings.Smtp.TrustedCertificateThumbprints);
        var client = Assert.IsType<SmtpTransport>(first).Client;
        Assert.NotNull(client.Settings.AccessTokenProvider);
        Assert.NotSame(settings.Smtp, client.Settings);
        Assert.NotSame(client.Settings, Assert.IsType<SmtpTransport>(second).Client.Settings);
    }

    [Fact]
    public async Task A_graph_transport_leaves_the_graph_options_as_they_were()
    {
        var settings = new RfqSenderSettings { Transport = TransportKind.Graph };
        settings.Graph.Mailbox = "rfq@contoso.example";
        settings.GraphAuthentication.AccessToken = new NetworkCredential(string.Empty, "header.payload.signature").SecurePassword;

        await using var transport = TransportFactory.Create(settings);

        Assert.Null(settings.Graph.GraphBaseUrl);
    }

    [Fact]
    public async Task GraphTransport_Create_leaves_the_options_it_is_given_as_they_were()
    {
        var options = new RfqSender.Engine.Transports.Graph.GraphTransportOptions { Mailbox = "rfq@contoso.example" };
        var authentication = new RfqSender.Engine.Authentication.GraphAuthenticationSettings
        {
            AccessToken = new NetworkCredential(string.Empty, "header.payload.signature").SecurePassword,
        };

        await using var transport = RfqSender.Engine.Transports.Graph.GraphTransport.Create(authentication, options);

        Assert.Null(options.GraphBaseUrl);
    }

    [Fact]
    public void A_copy_of_smtp_settings_does_not_share_its_thumbprints()
    {
        var settings = new SmtpSettings { Server = "relay.contoso.example" };
        settings.TrustedCertificateThumbprints.Add("ABABABABABABABABABABABABABABABABABABABAB");

        var copy = settings.Copy();
        copy.TrustedCertificateThumbprints.Add("BB");
        copy.Server = "other.contoso.example";

        Assert.Equal(new[] { "ABABABABABABABABABABABABABABABABABABABAB" }, settings.TrustedCertificateThumbprints);
        Assert.Equal("relay.contoso.example", settings.Server);
    }
}
