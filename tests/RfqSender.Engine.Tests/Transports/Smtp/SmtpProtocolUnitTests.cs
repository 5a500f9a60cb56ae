using System.Text;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>Replies, capabilities, settings defaults and validation, dot-stuffing.</summary>
public class SmtpProtocolUnitTests
{
    [Theory]
    [InlineData(550, "5.1.1 User unknown", "5.1.1", "User unknown")]
    [InlineData(250, "2.0.0 Ok: queued as X", "2.0.0", "Ok: queued as X")]
    [InlineData(451, "4.7.500 Server busy", "4.7.500", "Server busy")]
    [InlineData(550, "4.1.1 class does not match", null, "4.1.1 class does not match")]
    [InlineData(250, "mail.contoso.com Hello", null, "mail.contoso.com Hello")]
    [InlineData(220, "", null, "")]
    public void Reply_reads_enhanced_status_codes(int code, string line, string? enhanced, string text)
    {
        var reply = new SmtpReply(code, new[] { line });

        Assert.Equal(enhanced, reply.EnhancedCode);
        Assert.Equal(text, reply.Text);
    }

    [Fact]
    public void Capabilities_are_read_from_the_ehlo_lines()
    {
        var capabilities = new SmtpCapabilities(new[] { "mail.contoso.com Hello", "SIZE 37748736", "PIPELINING", "STARTTLS", "AUTH=LOGIN", "AUTH PLAIN login XOAUTH2", "8BITMIME", "smtputf8", "ENHANCEDSTATUSCODES" });

        Assert.True(capabilities.Pipelining);
        Assert.True(capabilities.StartTls);
        Assert.True(capabilities.EightBitMime);
        Assert.True(capabilities.SmtpUtf8);
        Assert.True(capabilities.EnhancedStatusCodes);
        Assert.Equal(37748736, capabilities.MaxSize);
        Assert.Equal(new[] { "LOGIN", "PLAIN", "XOAUTH2" }, capabilities.AuthMechanisms);
        Assert.False(new SmtpCapabilities(new[] { "x", "SIZE 0" }).MaxSize.HasValue);
        Assert.False(new SmtpCapabilities(new[] { "x PIPELINING" }).Pipelining);
    }

    [Theory]
    [InlineData(587, false, SmtpTlsMode.Opportunistic)]
    [InlineData(587, true, SmtpTlsMode.Required)]
    [InlineData(25, true, SmtpTlsMode.Required)]
    [InlineData(465, false, SmtpTlsMode.Implicit)]
    [InlineData(465, true, SmtpTlsMode.Implicit)]
    public void Tls_mode_defaults_follow_port_and_credentials(int port, bool credentials, SmtpTlsMode expected)
    {
        var settings = new SmtpSettings { Server = "mail.contoso.com", Port = port };
        if (credentials)
        {
            settings.UserName = "u";
            settings.PasswordProvider = () => "p";
        }

        Assert.Equal(expected, settings.EffectiveTlsMode);
    }

    [Fact]
    public void Validate_names_each_bad_setting()
    {
        var settings = new SmtpSettings { Server = " ", Port = 0, PasswordProvider = () => "p", CommandTimeout = TimeSpan.Zero, AuthMechanism = SmtpAuthMechanism.XOAuth2 };
        settings.TrustedCertificateThumbprints.Add("not-hex");

        var error = Assert.Throws<SmtpConfigurationException>(settings.Validate);

        Assert.Contains("Server is required", error.Message);
        Assert.Contains("Port 0", error.Message);
        Assert.Contains("UserName is required", error.Message);
        Assert.Contains("CommandTimeout must be positive", error.Message);
        Assert.Contains("XOAuth2 needs an AccessTokenProvider", error.Message);
        Assert.Contains("TrustedCertificateThumbprints entry 'not-hex'", error.Message);
        Assert.IsAssignableFrom<RfqSenderException>(error);
    }

    [Fact]
    public void Default_client_name_is_a_host_name()
    {
        var name = new SmtpSettings().EffectiveClientName;

        Assert.Matches("^[A-Za-z0-9.-]+$", name);
    }

    [Theory]
    [InlineData("a\r\nb\r\n", "a\r\nb\r\n.\r\n")]
    [InlineData(".a\r\n.\r\n..b\r\nc.d\r\n", "..a\r\n..\r\n...b\r\nc.d\r\n.\r\n")]
    [InlineData("no final line break", "no final line break\r\n.\r\n")]
    [InlineData("x\r\n.", "x\r\n..\r\n.\r\n")]
    public async Task Dot_stuffing_doubles_leading_dots_and_terminates(string input, string expected)
    {
        foreach (var chunk in new[] { 1, 3, 1000 })
        {
            var output = new MemoryStream();
            var stream = new DotStuffingStream(output);
            var bytes = Encoding.ASCII.GetBytes(input);
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                await stream.WriteAsync(bytes, i, Math.Min(chunk, bytes.Length - i), CancellationToken.None);
            }

            await stream.FinishAsync(CancellationToken.None);
            Assert.Equal(expected, Encoding.ASCII.GetString(output.ToArray()));
        }
    }

    [Fact]
    public async Task Dot_stuffing_handles_content_larger_than_its_buffer()
    {
        var line = "." + new string('x', 997) + "\r\n";
        var input = string.Concat(Enumerable.Repeat(line, 300));
        var output = new MemoryStream();
        var stream = new DotStuffingStream(output);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(input), 0, input.Length, CancellationToken.None);
        await stream.FinishAsync(CancellationToken.None);

        var expected = string.Concat(Enumerable.Repeat("." + line, 300)) + ".\r\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(output.ToArray()));
        Assert.Equal(input.Length, stream.ContentLength);
    }
}
