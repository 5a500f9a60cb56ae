using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RfqSender.Graph.Tests.Fakes;

/// <summary>Self-signed certificates made in memory: the fake servers' TLS certificate and app credentials.</summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> Server = new(() => Create("CN=127.0.0.1", serverAuth: true));

    /// <summary>The TLS certificate of every fake server (subject and SAN 127.0.0.1).</summary>
    public static X509Certificate2 ServerCertificate => Server.Value;

    /// <summary>A new app credential certificate with an RSA 2048 key.</summary>
    public static X509Certificate2 CreateClientCertificate(string subject = "CN=RfqSender test app") => Create(subject, serverAuth: false);

    /// <summary>A handler that trusts exactly the fake servers' certificate, and nothing else.</summary>
    public static HttpClientHandler TrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == ServerCertificate.GetCertHashString(),
    };

    private static X509Certificate2 Create(string subject, bool serverAuth)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        }

        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        // Re-import so the private key is usable by TLS and signing on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
