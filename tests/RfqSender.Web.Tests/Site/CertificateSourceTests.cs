using System.Net;
using System.Security.Cryptography.X509Certificates;
using RfqSender.Engine;
using RfqSender.Graph.Tests.Fakes;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Web.Tests.Site;

/// <summary>
/// Where the HTTPS certificate comes from besides a PFX file: a PEM certificate with its key file, and the current
/// user's "My" certificate store by thumbprint (on Linux, .NET's own store under the home folder). Each serves the
/// page over HTTPS with that very certificate; a thumbprint that is not there and a PEM without its key are refused
/// before anything listens, naming what is wrong and never the password.
/// </summary>
public sealed class CertificateSourceTests
{
    [Fact]
    public async Task A_pem_certificate_with_its_key_serves_https()
    {
        using var folder = new TestFolder();
        var certificate = TestCertificates.ServerCertificate;
        var pem = folder.Write("site.pem", certificate.ExportCertificatePem());
        var key = folder.Write("site.key", certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        await using var site = await StatusSite.StartAsync(new StatusSiteOptions
        {
            HttpsOnly = true,
            Configure = o => (o.CertificatePath, o.CertificateKeyPath, o.CertificatePassword) = (pem, key, null),
        });
        using var client = site.Client(site.Https);
        using var health = await client.GetAsync("/healthz", "text/plain");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(health.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_certificate_in_the_users_store_serves_https_by_its_thumbprint()
    {
        var certificate = TestCertificates.ServerCertificate;
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        var added = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, "x"), "x", X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.Exportable);
        store.Add(added);
        try
        {
            await using var site = await StatusSite.StartAsync(new StatusSiteOptions
            {
                HttpsOnly = true,
                Configure = o => (o.CertificatePath, o.CertificatePassword, o.CertificateThumbprint) = (null, null, certificate.Thumbprint.ToLowerInvariant()),
            });
            using var client = site.Client(site.Https);
            using var health = await client.GetAsync("/healthz", "text/plain");

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            store.Remove(added);
        }
    }

    [Fact]
    public async Task A_missing_thumbprint_and_a_pem_without_its_key_are_refused_before_listening()
    {
        using var folder = new TestFolder();
        var pem = folder.Write("site.pem", TestCertificates.ServerCertificate.ExportCertificatePem());

        var missing = await Assert.ThrowsAnyAsync<RfqSenderException>(() => StatusSite.StartAsync(new StatusSiteOptions
        {
            HttpsOnly = true,
            Configure = o => (o.CertificatePath, o.CertificatePassword, o.CertificateThumbprint) = (null, null, "00112233445566778899AABBCCDDEEFF00112233"),
        }));
        var keyless = await Assert.ThrowsAnyAsync<RfqSenderException>(() => StatusSite.StartAsync(new StatusSiteOptions
        {
            HttpsOnly = true,
            Configure = o => (o.CertificatePath, o.CertificateKeyPath, o.CertificatePassword) = (pem, null, "not-shown-anywhere"),
        }));

        Assert.Contains("00112233445566778899AABBCCDDEEFF00112233", missing.Message, StringComparison.Ordinal);
        Assert.Contains("site.pem", keyless.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-shown-anywhere", keyless.Message, StringComparison.Ordinal);
    }
}
