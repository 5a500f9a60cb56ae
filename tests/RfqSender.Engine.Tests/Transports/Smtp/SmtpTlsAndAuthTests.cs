using System.Security;
using System.Text;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;
using static RfqSender.Engine.Tests.Transports.Smtp.SmtpProtocolTests;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>STARTTLS and implicit TLS with certificate validation, AUTH payloads, and secrets kept out of every output.</summary>
public class SmtpTlsAndAuthTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>Greeting, EHLO, STARTTLS, TLS, EHLO again with the given extensions.</summary>
    private static async Task StartTlsAsync(ScriptedSmtpConnection c, params string[] extensions)
    {
        await c.GreetAsync("PIPELINING", "STARTTLS");
        await c.ExpectAsync("STARTTLS");
        await c.SendAsync("220 2.0.0 Ready to start TLS");
        await c.StartTlsAsync(SmtpTestData.ServerCertificate);
        await c.ExpectAsync("EHLO client.test");
        await c.SendAsync(ScriptedSmtpConnection.Ehlo(extensions));
    }

    private static async Task AcceptOneAsync(ScriptedSmtpConnection c)
    {
        await c.ExpectAsync("MAIL FROM:<buyer@contoso.com>");
        await c.ExpectAsync("RCPT TO:<sales@vendor.example>");
        await c.ExpectAsync("DATA");
        await c.SendAsync("250 ok\r\n250 ok\r\n354 go");
        await c.ReadDataAsync();
        await c.SendAsync("250 2.0.0 queued");
    }

    [Fact]
    public async Task Starttls_with_a_trusted_ca_then_auth_plain_sends_the_exact_payload()
    {
        using var temp = new TestFolder();
        var log = new List<string>();
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await StartTlsAsync(c, "PIPELINING", "AUTH PLAIN LOGIN");
            await c.ExpectAsync("AUTH PLAIN " + B64("\0rfq@contoso.com\0" + SmtpTestData.Password));
            await c.SendAsync("235 2.7.0 Authentication successful");
            await AcceptOneAsync(c);
            await QuitAsync(c);
        });

        SmtpSendResult result;
        await using (var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port, s =>
        {
            s.TlsMode = null;
            s.UserName = "rfq@contoso.com";
            s.Password = Secure(SmtpTestData.Password);
            s.Server = "localhost";
            s.TrustedCaCertificatePath = SmtpTestData.WriteCaPem(temp.Path);
            s.ProtocolLog = log.Add;
        })))
        {
            result = await client.SendAsync(SmtpTestData.Message(), CancellationToken.None);
            Assert.True(client.IsEncrypted);
        }

        await server.Completion;
        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
        Assert.Contains("C: AUTH PLAIN ***", log);
        Assert.Contains("C: STARTTLS", log);
        Assert.DoesNotContain(log, l => l.Contains(SmtpTestData.Password) || l.Contains(B64("\0rfq@contoso.com\0" + SmtpTestData.Password)));
    }

    [Fact]
    public async Task Auth_login_sends_user_and_password_in_two_steps()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await StartTlsAsync(c, "PIPELINING", "AUTH LOGIN");
            await c.ExpectAsync("AUTH LOGIN");
            await c.SendAsync("334 VXNlcm5hbWU6");
            await c.ExpectAsync(B64("rfq@contoso.com"));
            await c.SendAsync("334 UGFzc3dvcmQ6");
            await c.ExpectAsync(B64(SmtpTestData.Password));
            await c.SendAsync("235 2.7.0 ok");
            await AcceptOneAsync(c);
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, SmtpTestData.Message(), s =>
        {
            s.TlsMode = SmtpTlsMode.Required;
            s.UserName = "rfq@contoso.com";
            s.PasswordProvider = () => SmtpTestData.Password;
            s.TrustedCertificateThumbprints.Add(SmtpTestData.ServerCertificate.Thumbprint);
        });

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
    }

    [Fact]
    public async Task Xoauth2_sends_the_token_from_the_callback()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await StartTlsAsync(c, "PIPELINING", "AUTH LOGIN XOAUTH2");
            await c.ExpectAsync("AUTH XOAUTH2 " + B64("user=rfq@contoso.com\u0001auth=Bearer " + SmtpTestData.Token + "\u0001\u0001"));
            await c.SendAsync("235 2.7.0 Authentication successful");
            await AcceptOneAsync(c);
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, SmtpTestData.Message(), s =>
        {
            s.UserName = "rfq@contoso.com";
            s.TlsMode = null;
            s.AccessTokenProvider = _ => Task.FromResult(SmtpTestData.Token);
            s.SkipCertificateValidation = true;
        });

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
    }

    [Fact]
    public async Task Implicit_tls_encrypts_before_the_greeting()
    {
        using var temp = new TestFolder();
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.StartTlsAsync(SmtpTestData.ServerCertificate);
            await c.GreetAsync("PIPELINING");
            await AcceptOneAsync(c);
            await QuitAsync(c);
        });

        var result = await SendOneAsync(server, SmtpTestData.Message(), s =>
        {
            s.TlsMode = SmtpTlsMode.Implicit;
            s.Server = "localhost";
            s.TrustedCaCertificatePath = SmtpTestData.WriteCaPem(temp.Path);
        });

        Assert.Equal(TransportOutcomeKind.Sent, result.Outcome.Kind);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_by_default_with_the_reason()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("STARTTLS");
            await c.ExpectAsync("STARTTLS");
            await c.SendAsync("220 go");
            try
            {
                await c.StartTlsAsync(SmtpTestData.ServerCertificate);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
            }
        });

        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port, s =>
        {
            s.TlsMode = SmtpTlsMode.Required;
            s.Server = "localhost";
        }));
        var error = await Assert.ThrowsAsync<SmtpCertificateException>(() => client.SendAsync(SmtpTestData.Message(), CancellationToken.None));

        Assert.Contains("not issued by a trusted root CA", error.Message);
        Assert.Contains(SmtpTestData.ServerCertificate.Thumbprint, error.Message);
        Assert.Contains("TrustedCaCertificatePath", error.Message);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_even_from_a_trusted_ca()
    {
        using var temp = new TestFolder();
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("STARTTLS");
            await c.ExpectAsync("STARTTLS");
            await c.SendAsync("220 go");
            try
            {
                await c.StartTlsAsync(SmtpTestData.ServerCertificate);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
            }
        });

        var settings = SmtpTestData.Settings(server.Port, s =>
        {
            s.TlsMode = SmtpTlsMode.Required;
            s.TrustedCaCertificatePath = SmtpTestData.WriteCaPem(temp.Path);
        });
        await using var client = new SmtpSubmissionClient(settings);

        var error = await Assert.ThrowsAsync<SmtpCertificateException>(() => client.SendAsync(SmtpTestData.Message(), CancellationToken.None));
        Assert.Contains("its name does not match '127.0.0.1'", error.Message);
    }

    [Fact]
    public async Task Required_tls_refuses_a_server_without_starttls()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.GreetAsync("PIPELINING", "AUTH PLAIN");
            await c.ExpectClosedAsync();
        });

        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port, s =>
        {
            s.TlsMode = null;
            s.UserName = "rfq@contoso.com";
            s.PasswordProvider = () => SmtpTestData.Password;
        }));

        var error = await Assert.ThrowsAsync<SmtpConfigurationException>(() => client.SendAsync(SmtpTestData.Message(), CancellationToken.None));
        Assert.Contains("does not offer STARTTLS", error.Message);
        Assert.DoesNotContain("AUTH", server.ClientLines);
    }

    [Theory]
    [InlineData(SmtpAuthMechanism.Plain)]
    [InlineData(SmtpAuthMechanism.Login)]
    [InlineData(SmtpAuthMechanism.XOAuth2)]
    public async Task Refused_credentials_throw_and_no_secret_appears_in_the_log_or_the_error(SmtpAuthMechanism mechanism)
    {
        var log = new List<string>();
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await StartTlsAsync(c, "PIPELINING", "AUTH PLAIN LOGIN XOAUTH2");
            string echoed;
            switch (mechanism)
            {
                case SmtpAuthMechanism.Login:
                    await c.ExpectAsync("AUTH LOGIN");
                    await c.SendAsync("334 VXNlcm5hbWU6");
                    await c.ReadLineAsync();
                    await c.SendAsync("334 UGFzc3dvcmQ6");
                    echoed = (await c.ReadLineAsync())!;
                    break;
                case SmtpAuthMechanism.XOAuth2:
                    echoed = (await c.ExpectAsync("AUTH XOAUTH2 *")).Substring("AUTH XOAUTH2 ".Length);
                    await c.SendAsync("334 " + B64("{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.example/\"}"));
                    await c.ExpectAsync(string.Empty);
                    break;
                default:
                    echoed = (await c.ExpectAsync("AUTH PLAIN *")).Substring("AUTH PLAIN ".Length);
                    break;
            }

            // A careless server echoes what it was sent, padded and unpadded.
            await c.SendAsync($"535 5.7.8 Error: authentication failed: {echoed} (again: {echoed.TrimEnd('=')})");
            await c.ExpectClosedAsync();
        });

        await using var client = new SmtpSubmissionClient(SmtpTestData.Settings(server.Port, s =>
        {
            s.TlsMode = SmtpTlsMode.Required;
            s.SkipCertificateValidation = true;
            s.UserName = "rfq@contoso.com";
            s.AuthMechanism = mechanism;
            if (mechanism == SmtpAuthMechanism.XOAuth2)
            {
                s.AccessTokenProvider = _ => Task.FromResult(SmtpTestData.Token);
            }
            else
            {
                s.Password = Secure(SmtpTestData.Password);
            }

            s.ProtocolLog = log.Add;
        }));

        var error = await Assert.ThrowsAsync<SmtpAuthenticationException>(() => client.SendAsync(SmtpTestData.Message(), CancellationToken.None));
        await server.Completion;

        Assert.Contains("refused the credentials of 'rfq@contoso.com'", error.Message);
        Assert.Contains("535 5.7.8 Error: authentication failed: *** (again: ***)", error.Message);
        Assert.Equal(535, error.Reply!.Code);
        var everything = string.Join("\n", log) + "\n" + error + "\n" + client.Settings + "\n" + string.Join("\n", server.ClientLines.Where(l => !l.StartsWith("AUTH", StringComparison.Ordinal) && l.Length < 20));
        foreach (var secret in new[]
        {
            SmtpTestData.Password, SmtpTestData.Token, B64(SmtpTestData.Password), B64("\0rfq@contoso.com\0" + SmtpTestData.Password),
            B64("\0rfq@contoso.com\0" + SmtpTestData.Password).TrimEnd('='), B64("user=rfq@contoso.com\u0001auth=Bearer " + SmtpTestData.Token + "\u0001\u0001").TrimEnd('='),
        })
        {
            Assert.DoesNotContain(secret, everything);
        }

        // The secret did reach the server (so the test would notice a log that printed it).
        var wire = string.Join("\n", server.ClientLines);
        Assert.Contains(mechanism == SmtpAuthMechanism.XOAuth2 ? B64("user=rfq@contoso.com\u0001auth=Bearer " + SmtpTestData.Token + "\u0001\u0001") : B64(mechanism == SmtpAuthMechanism.Login ? SmtpTestData.Password : "\0rfq@contoso.com\0" + SmtpTestData.Password), wire);
    }

    [Fact]
    public async Task A_temporary_auth_failure_is_a_transient_outcome()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await StartTlsAsync(c, "AUTH PLAIN");
            await c.ExpectAsync("AUTH PLAIN *");
            await c.SendAsync("454 4.7.0 Temporary authentication failure");
            await c.ExpectClosedAsync();
        });

        var result = await SendOneAsync(server, SmtpTestData.Message(), s =>
        {
            s.TlsMode = SmtpTlsMode.Required;
            s.SkipCertificateValidation = true;
            s.UserName = "rfq@contoso.com";
            s.PasswordProvider = () => SmtpTestData.Password;
        });

        Assert.Equal(TransportOutcomeKind.Transient, result.Outcome.Kind);
        Assert.Contains("454 4.7.0 Temporary authentication failure", result.Outcome.Detail);
        Assert.DoesNotContain(SmtpTestData.Password, result.Outcome.Detail);
    }

    [Fact]
    public void Settings_text_never_holds_the_secret()
    {
        var settings = new SmtpSettings { Server = "smtp.contoso.com", Port = 465, UserName = "rfq", Password = Secure(SmtpTestData.Password) };

        Assert.Equal("smtp.contoso.com:465 (implicit TLS, AUTH as rfq)", settings.ToString());
        Assert.Equal(SmtpTlsMode.Implicit, settings.EffectiveTlsMode);
        Assert.Equal(SmtpTestData.Password, settings.ReadPassword());
    }
}
