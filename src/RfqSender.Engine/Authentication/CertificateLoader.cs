using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RfqSender.Engine.Authentication;

/// <summary>Finds the app registration's certificate in the store or loads it from a file, and checks it has a private key.</summary>
internal static class CertificateLoader
{
    public static X509Certificate2 Load(GraphAuthenticationSettings settings)
    {
        var certificate = settings.Certificate
            ?? (settings.CertificateThumbprint is not null ? FromStore(settings.CertificateThumbprint, settings.CertificateStoreLocation) : FromFile(settings.CertificatePath!, settings.CertificatePassword));
        if (!certificate.HasPrivateKey)
        {
            throw new AuthenticationSettingsException("Certificate", $"The certificate {certificate.Thumbprint} ({certificate.Subject}) has no private key, so it cannot sign a client assertion.");
        }

        return certificate;
    }

    private static X509Certificate2 FromStore(string thumbprint, StoreLocation? location)
    {
        var clean = new string(thumbprint.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();
        if (clean.Length != 40 && clean.Length != 64)
        {
            throw new AuthenticationSettingsException(nameof(GraphAuthenticationSettings.CertificateThumbprint), $"The certificate thumbprint '{thumbprint}' is not 40 hexadecimal digits.");
        }

        var locations = location is StoreLocation one ? new[] { one } : new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine };
        foreach (var where in locations)
        {
            try
            {
                using var store = new X509Store(StoreName.My, where);
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, clean, validOnly: false);
                if (found.Count > 0)
                {
                    return found[0];
                }
            }
            catch (CryptographicException)
            {
                // A store that does not exist on this platform (LocalMachine\My on Linux) just holds nothing.
            }
        }

        throw new AuthenticationSettingsException(nameof(GraphAuthenticationSettings.CertificateThumbprint),
            $"No certificate with thumbprint {clean} is in the My store of {string.Join(" or ", locations)}.");
    }

    private static X509Certificate2 FromFile(string path, System.Security.SecureString? password)
    {
        if (!File.Exists(path))
        {
            throw new AuthenticationSettingsException(nameof(GraphAuthenticationSettings.CertificatePath), $"The certificate file '{path}' does not exist.");
        }

        try
        {
#if NET
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".pem" or ".crt" or ".cer")
            {
                return password is null
                    ? X509Certificate2.CreateFromPemFile(path)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, SecureText.ToPlainText(password));
            }

            var flags = OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
            return new X509Certificate2(path, password, flags);
#else
            return new X509Certificate2(path, password, X509KeyStorageFlags.DefaultKeySet);
#endif
        }
        catch (CryptographicException ex)
        {
            throw new AuthenticationSettingsException(nameof(GraphAuthenticationSettings.CertificatePath),
                $"The certificate file '{path}' cannot be read (wrong password, or not a PKCS#12/PEM file with a private key): {ex.Message}", ex);
        }
    }
}
