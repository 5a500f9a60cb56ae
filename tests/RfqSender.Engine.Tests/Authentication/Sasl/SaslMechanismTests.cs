using System.Text;
using RfqSender.Engine.Authentication.Sasl;

namespace RfqSender.Engine.Tests.Authentication.Sasl;

/// <summary>The exact wire payloads of each SASL mechanism, and the redaction of its secret.</summary>
public sealed class SaslMechanismTests
{
    [Fact]
    public void Plain_sends_an_empty_authzid_the_user_and_the_password_as_its_initial_response()
    {
        // RFC 4616 section 4: "\0tim\0tanstaaftanstaaf" is AHRpbQB0YW5zdGFhZnRhbnN0YWFm.
        var plain = new SaslPlainMechanism("tim", "tanstaaftanstaaf");

        var initial = plain.InitialResponse();

        Assert.Equal("PLAIN", plain.Name);
        Assert.Equal("\0tim\0tanstaaftanstaaf", Encoding.UTF8.GetString(initial!));
        Assert.Equal("AHRpbQB0YW5zdGFhZnRhbnN0YWFm", SaslBase64.Encode(initial!));
        Assert.Null(plain.Respond(Array.Empty<byte>()));
    }

    [Fact]
    public void Plain_encodes_a_non_ascii_password_as_utf8()
    {
        var plain = new SaslPlainMechanism("jürgen", "pässwörd");

        Assert.Equal(Encoding.UTF8.GetBytes("\0jürgen\0pässwörd"), plain.InitialResponse());
    }

    [Fact]
    public void Login_has_no_initial_response_and_answers_user_name_then_password()
    {
        var login = new SaslLoginMechanism("tim", "tanstaaf");

        Assert.Equal("LOGIN", login.Name);
        Assert.Null(login.InitialResponse());

        // The draft's challenges are "Username:" (VXNlcm5hbWU6) and "Password:" (UGFzc3dvcmQ6).
        Assert.Equal("dGlt", SaslBase64.Encode(login.Respond(SaslBase64.DecodeChallenge("VXNlcm5hbWU6"))!));
        Assert.Equal("dGFuc3RhYWY=", SaslBase64.Encode(login.Respond(SaslBase64.DecodeChallenge("UGFzc3dvcmQ6"))!));
        Assert.Null(login.Respond(SaslBase64.DecodeChallenge("UGFzc3dvcmQ6")));
    }

    [Fact]
    public void XOAuth2_sends_user_and_bearer_token_separated_by_ctrl_a()
    {
        // Microsoft's example (Authenticate an IMAP, POP or SMTP connection using OAuth):
        // base64("user=test@contoso.onmicrosoft.com^Aauth=Bearer EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA^A^A").
        var xoauth2 = new SaslXOAuth2Mechanism("test@contoso.onmicrosoft.com", "EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA");

        var initial = SaslBase64.Encode(xoauth2.InitialResponse()!);

        Assert.Equal("XOAUTH2", xoauth2.Name);
        Assert.Equal("dXNlcj10ZXN0QGNvbnRvc28ub25taWNyb3NvZnQuY29tAWF1dGg9QmVhcmVyIEV3QkFBbDNCQUFVRkZwVUFvN0ozVmUwYmpMQldaV0NjbFJDM0VvQUEBAQ==", initial);
    }

    [Fact]
    public void XOAuth2_answers_the_error_challenge_with_an_empty_response_once()
    {
        var xoauth2 = new SaslXOAuth2Mechanism("rfq@contoso.example", "token-123");
        xoauth2.InitialResponse();
        var error = "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://outlook.office365.com/.default\"}";

        var response = xoauth2.Respond(SaslBase64.DecodeChallenge(SaslBase64.Encode(error)));

        Assert.Empty(response!);
        Assert.Equal(error, xoauth2.Error);
        Assert.Null(xoauth2.Respond(Array.Empty<byte>()));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("login")]
    [InlineData("xoauth2")]
    public void Redact_removes_the_secret_as_is_in_base64_and_inside_an_echoed_payload(string kind)
    {
        const string secret = "S3cr3t-P@ss";
        SaslMechanism mechanism = kind switch
        {
            "plain" => new SaslPlainMechanism("user@contoso.example", secret),
            "login" => new SaslLoginMechanism("user@contoso.example", secret),
            _ => new SaslXOAuth2Mechanism("user@contoso.example", secret),
        };
        var sent = new List<string>();
        if (mechanism.InitialResponse() is { } initial)
        {
            sent.Add(SaslBase64.Encode(initial));
        }
        else
        {
            mechanism.Respond(Array.Empty<byte>());
            sent.Add(SaslBase64.Encode(mechanism.Respond(Array.Empty<byte>())!));
        }

        foreach (var echoed in new[] { secret, SaslBase64.Encode(secret), sent[0], sent[0].TrimEnd('='), SaslBase64.Encode("x" + secret + "y") })
        {
            var redacted = mechanism.Redact("535 5.7.8 bad credentials: " + echoed + " (echo)");
            Assert.DoesNotContain(secret, redacted);
            Assert.DoesNotContain(echoed, redacted);
            Assert.Contains("***", redacted);
            Assert.StartsWith("535 5.7.8 bad credentials: ", redacted);
        }

        Assert.Equal("250 OK", mechanism.Redact("250 OK"));
    }

    [Fact]
    public void A_challenge_that_is_not_base64_decodes_to_its_text()
    {
        Assert.Equal("Username:", Encoding.UTF8.GetString(SaslBase64.DecodeChallenge("Username:")));
        Assert.Empty(SaslBase64.DecodeChallenge("  "));
    }

    [Fact]
    public void A_mechanism_needs_a_secret()
    {
        Assert.Throws<ArgumentException>(() => new SaslPlainMechanism("user", string.Empty));
    }
}
