using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RfqSender.Engine;

namespace RfqSender.Web.Security;

/// <summary>Loads the HTTPS certificate from a PFX or PEM file or from a certificate store, and checks it can serve.</summary>
public static class ServerCertificate
{
    /// <summary>The certificate the options name; null when they name none.</summary>
    /// <exception cref="RfqSenderException">The file or thumbprint gives no usable certificate (Configuration; never the password).</exception>
    public static X509Certificate2? Load(StatusServerOptions options)
    {
        X509Certificate2 certificate;
        if (!string.IsNullOrEmpty(options.CertificateThumbprint))
        {
            certificate = FromStore(options.CertificateThumbprint!);
        }
        else if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            certificate = FromFile(options.CertificatePath!, options.CertificateKeyPath, options.CertificatePassword);
        }
        else
        {
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            throw new RfqSenderException(FailureKind.Configuration, $"The certificate '{certificate.Subject}' has no private key; HTTPS needs one (a PFX with its key, or --certificate-key for a PEM file).");
        }

        var now = DateTime.Now;
        if (certificate.NotAfter < now || certificate.NotBefore > now)
        {
            throw new RfqSenderException(FailureKind.Configuration, $"The certificate '{certificate.Subject}' is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}, not now.");
        }

        return certificate;
    }

    private static X509Certificate2 FromFile(string path, string? keyPath, string? password)
    {
        if (!File.Exists(path))
        {
            throw new RfqSenderException(FailureKind.Configuration, $"The certificate file '{path}' does not exist.");
        }

        try
        {
            var pem = File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal);
            if (pem)
            {
                var key = keyPath ?? path;
                var certificate = string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path, key)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, key);
                // An ephemeral PEM key cannot serve TLS on every platform; export and load it as PKCS#12 once.
                return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            }

            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException ex)
        {
            throw new RfqSenderException(FailureKind.Configuration,
                $"The certificate file '{path}' cannot be loaded ({ex.Message.TrimEnd('.')}); check the file, its key and RFQSENDER_CERTIFICATE_PASSWORD.");
        }
    }

    private static X509Certificate2 FromStore(string thumbprint)
    {
        var wanted = thumbprint.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                continue;
            }

            var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        throw new RfqSenderException(FailureKind.Configuration, $"No certificate with the thumbprint {wanted} is in the current user's or the machine's 'My' certificate store.");
    }
}
