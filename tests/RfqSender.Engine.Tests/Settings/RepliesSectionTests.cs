using System.Collections;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Engine.Tests.Settings;

/// <summary>
/// <c>replies:</c> in rfqsender.yaml names the reply source Receive-RfqReply and <c>rfq replies receive</c>
/// read when they are given none; the IMAP password comes from RFQSENDER_IMAP_PASSWORD, never the file;
/// the caller's values override the configured ones (<see cref="ReplySourceOverrides"/>).
/// </summary>
public sealed class RepliesSectionTests : IDisposable
{
    private const string Imap = """
        replies:
          imap:
            server: imap.contoso.com
            port: 10143
            security: StartTls
            userName: rfq@contoso.com
            authentication: login
            folder: RFQ/Replies
            moveTo: RFQ/Done
            trustedCaCertificatePath: certs/ca.pem
            trustedCertificateThumbprints: [ AA11, BB22 ]
            timeoutSeconds: 20
        """;

    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_imap_section_binds_every_value_and_the_password_comes_from_the_environment()
    {
        var settings = Load(Imap, new Hashtable { [SettingsLoader.ImapPasswordVariable] = "Imap-s3cret!" });
        var replies = settings.Replies;
        Assert.Equal(("imap.contoso.com", 10143, ImapSecurity.StartTls, "rfq@contoso.com", ImapAuthentication.Login), (replies.Server, replies.Port, replies.Security, replies.UserName, replies.Authentication));
        Assert.Equal(("RFQ/Replies", "RFQ/Done", _temp.Combine("certs", "ca.pem"), TimeSpan.FromSeconds(20)), (replies.Folder, replies.MoveProcessedTo, replies.TrustedCaCertificatePath, replies.Timeout));
        Assert.Equal(new[] { "AA11", "BB22" }, replies.TrustedCertificateThumbprints);
        Assert.Equal("Imap-s3cret!", SecureText.ToPlainText(replies.Password!));

        var source = new ReplySourceOverrides().Resolve(settings);
        Assert.Equal(ReplySourceKind.Imap, source.Kind);
        Assert.Equal(("imap.contoso.com", 10143, "RFQ/Replies", "RFQ/Done"), (source.Server, source.EffectivePort, source.Folder, source.MoveProcessedTo));
        Assert.Equal("Imap-s3cret!", SecureText.ToPlainText(source.Password!));
        Assert.DoesNotContain("s3cret", source.ToString());
    }

    [Fact]
    public void A_password_or_token_in_the_file_is_refused_naming_the_variable_and_never_the_value()
    {
        var password = Assert.Throws<SettingsException>(() => Load(Imap + "\n    password: Imap-s3cret!"));
        Assert.Contains(SettingsLoader.ImapPasswordVariable, password.Message);
        Assert.DoesNotContain("Imap-s3cret!", password.Message);
        var token = Assert.Throws<SettingsException>(() => Load(Imap + "\n    accessToken: eyJ0eXAi.token"));
        Assert.DoesNotContain("eyJ0eXAi", token.Message);
        Assert.Contains("unknown setting", Assert.Throws<SettingsException>(() => Load("replies:\n  imap:\n    sever: x")).Message);
        Assert.Contains("not one of", Assert.Throws<SettingsException>(() => Load("replies:\n  imap:\n    security: ssl")).Message);
    }

    [Fact]
    public void A_folder_is_relative_to_the_file_and_parameters_override_what_is_configured()
    {
        var folder = new ReplySourceOverrides().Resolve(Load("replies:\n  folder: inbound\n  recursive: true\n"));
        Assert.Equal((ReplySourceKind.Folder, _temp.Combine("inbound"), true), (folder.Kind, folder.Path, folder.Recursive));

        var settings = Load(Imap, new Hashtable { [SettingsLoader.ImapPasswordVariable] = "Imap-s3cret!" });

        // IMAP values given replace the configured ones, the rest stays configured.
        var overridden = new ReplySourceOverrides { Folder = "INBOX", Security = ImapSecurity.Tls, Port = 993 }.Resolve(settings);
        Assert.Equal(("imap.contoso.com", "INBOX", ImapSecurity.Tls, 993, "rfq@contoso.com"), (overridden.Server, overridden.Folder, overridden.Security, overridden.EffectivePort, overridden.UserName));

        // A credential brings its own password.
        var other = new ReplySourceOverrides { UserName = "other@contoso.com", Password = SecureText.ToSecureString("other-pw") }.Resolve(settings);
        Assert.Equal(("other@contoso.com", "other-pw"), (other.UserName, SecureText.ToPlainText(other.Password!)));

        // A folder given reads the folder, though IMAP is configured.
        var given = new ReplySourceOverrides { Path = _temp.Combine("saved") }.Resolve(settings);
        Assert.Equal((ReplySourceKind.Folder, _temp.Combine("saved")), (given.Kind, given.Path));

        // replies: source: chooses between two configured sources.
        var both = Load(Imap + "\n  folder: inbound\n  source: folder\n");
        Assert.Equal(ReplySourceKind.Folder, new ReplySourceOverrides().Resolve(both).Kind);

        Assert.Throws<SettingsException>(() => new ReplySourceOverrides { Path = "x", ImapServer = "imap.example" }.Resolve(settings));
        var none = Assert.Throws<RfqSenderException>(() => new ReplySourceOverrides().Resolve(Load("transport: pickup\n")));
        Assert.Contains("No reply source", none.Message);
        Assert.Contains("replies:", none.Message);
    }

    [Fact]
    public async Task XOAuth2_takes_its_token_from_the_callers_token_or_the_settings_sign_in_for_the_exchange_online_scope()
    {
        var settings = Load(Imap.Replace("authentication: login", "authentication: xoauth2"));
        Assert.Equal(ImapAuthentication.XOAuth2, settings.Replies.Authentication);

        // No sign-in configured: nothing gives a token, and the source says what is missing.
        var unsigned = new ReplySourceOverrides().Resolve(settings);
        Assert.Null(unsigned.AccessTokenProvider);
        Assert.Contains("an access token", Assert.Throws<RfqSenderException>(() => ReplySourceFactory.Create(unsigned)).Message);

        // The caller's token implies XOAuth2.
        var given = new ReplySourceOverrides { AccessToken = SecureText.ToSecureString("caller-token") }.Resolve(Load(Imap));
        Assert.Equal(ImapAuthentication.XOAuth2, given.Authentication);
        Assert.Equal("caller-token", await given.AccessTokenProvider!(CancellationToken.None));

        // The token of the settings' sign-in (here RFQSENDER_GRAPH_ACCESS_TOKEN), as SMTP XOAUTH2 gets it.
        var fromEnvironment = new ReplySourceOverrides().Resolve(Load(Imap.Replace("authentication: login", "authentication: xoauth2"), new Hashtable { [GraphAuthenticationSettings.AccessTokenVariable] = "env-token" }));
        Assert.Equal("env-token", await fromEnvironment.AccessTokenProvider!(CancellationToken.None));
        Assert.DoesNotContain("env-token", fromEnvironment.ToString());
    }

    private RfqSenderSettings Load(string yaml, IDictionary? environment = null)
    {
        File.WriteAllText(_temp.Combine("rfqsender.yaml"), yaml);
        return SettingsLoader.Load(null, null, environment ?? new Hashtable(), _temp.Path);
    }
}
