using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>Messages, settings and certificates for the SMTP tests.</summary>
public static class SmtpTestData
{
    public const string Password = "S3cret-Pa55word!";
    public const string Token = "ya29.SECRET-ACCESS-TOKEN-0123456789";

    private static readonly Lazy<(X509Certificate2 Ca, X509Certificate2 Server)> Certificates = new(CreateCertificates);

    /// <summary>A CA certificate (public part only) that signed <see cref="ServerCertificate"/>.</summary>
    public static X509Certificate2 CaCertificate => Certificates.Value.Ca;

    /// <summary>A server certificate for the name localhost only (not 127.0.0.1), with its private key.</summary>
    public static X509Certificate2 ServerCertificate => Certificates.Value.Server;

    public static SmtpSettings Settings(int port, Action<SmtpSettings>? configure = null)
    {
        var settings = new SmtpSettings
        {
            Server = "127.0.0.1",
            Port = port,
            TlsMode = SmtpTlsMode.None,
            ClientName = "client.test",
            ConnectTimeout = TimeSpan.FromSeconds(5),
            CommandTimeout = TimeSpan.FromSeconds(5),
            DataTimeout = TimeSpan.FromSeconds(5),
            FinalReplyTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(settings);
        return settings;
    }

    public static OutgoingMessage Message(
        string body = "Please quote the items below.\r\nThank you.",
        string[]? to = null,
        string[]? cc = null,
        string from = "buyer@contoso.com",
        EncodedAttachment[]? attachments = null,
        string id = "rfq.test.1@contoso.com") =>
        new(
            id,
            MailboxAddress.Parse(from),
            null,
            (to ?? new[] { "sales@vendor.example" }).Select(MailboxAddress.Parse).ToList(),
            (cc ?? Array.Empty<string>()).Select(MailboxAddress.Parse).ToList(),
            "RFQ-2026-001 Request for quotation",
            body,
            null,
            new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero),
            attachments ?? Array.Empty<EncodedAttachment>());

    /// <summary>The bytes our writer produces for a message.</summary>
    public static byte[] Mime(OutgoingMessage message, bool utf8 = false)
    {
        var output = new MemoryStream();
        new MimeMessageWriter(new MimeWriterOptions { AllowUtf8 = utf8 }).Write(message, output);
        return output.ToArray();
    }

    /// <summary>Undoes dot-stuffing of DATA content.</summary>
    public static byte[] Unstuff(byte[] data)
    {
        var output = new MemoryStream();
        var lineStart = true;
        for (var i = 0; i < data.Length; i++)
        {
            if (lineStart && data[i] == '.')
            {
                lineStart = false;
                continue;
            }

            output.WriteByte(data[i]);
            lineStart = data[i] == '\n';
        }

        return output.ToArray();
    }

    public static string WriteCaPem(string folder)
    {
        var path = Path.Combine(folder, "ca.pem");
        File.WriteAllText(path, CaCertificate.ExportCertificatePem());
        return path;
    }

    private static (X509Certificate2, X509Certificate2) CreateCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=RfqSender Unit Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1), serial);
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var publicCa = X509CertificateLoader.LoadCertificate(ca.RawData);
        return (publicCa, server);
    }
}
