using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// Decides whether to accept a server certificate: the system's verdict, plus an optional extra CA
/// and pinned thumbprints; remembers why a certificate was refused, for the error message.
/// </summary>
internal sealed class SmtpCertificateValidator
{
    private readonly SmtpSettings _settings;
    private readonly HashSet<string> _thumbprints;
    private readonly X509Certificate2Collection _trustedCas;

    public SmtpCertificateValidator(SmtpSettings settings)
    {
        _settings = settings;
        _thumbprints = new HashSet<string>(settings.TrustedCertificateThumbprints.Select(SmtpSettings.NormalizeThumbprint), StringComparer.Ordinal);
        _trustedCas = LoadTrustedCas(settings.TrustedCaCertificatePath);
    }

    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Why the last certificate was accepted (e.g. "trusted by the system"), or null.</summary>
    public string? AcceptedBy { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Failure = null;
        AcceptedBy = null;
        if (_settings.SkipCertificateValidation)
        {
            AcceptedBy = "not checked (SkipCertificateValidation)";
            return true;
        }

        if (certificate is null)
        {
            Failure = "the server sent no certificate";
            return false;
        }

        using var server = new X509Certificate2(certificate);
        if (errors == SslPolicyErrors.None)
        {
            AcceptedBy = "trusted by the system";
            return true;
        }

        if (_thumbprints.Count > 0 && (_thumbprints.Contains(Hex(SHA1Hash(server))) || _thumbprints.Contains(Hex(SHA256Hash(server)))))
        {
            AcceptedBy = "pinned thumbprint (TrustedCertificateThumbprints)";
            return true;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            Failure = $"its name does not match '{_settings.Server}'";
        }
        else if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            Failure = "the server sent no certificate";
        }
        else if (ChainsToTrustedCa(server, chain, out var chainProblem))
        {
            AcceptedBy = "issued by the CA of TrustedCaCertificatePath";
            return true;
        }
        else
        {
            Failure = chainProblem;
        }

        Failure = $"{Failure} (subject '{server.Subject}', issuer '{server.Issuer}', valid {server.NotBefore:yyyy-MM-dd} to {server.NotAfter:yyyy-MM-dd}, SHA-1 thumbprint {server.Thumbprint})";
        return false;
    }

    private bool ChainsToTrustedCa(X509Certificate2 server, X509Chain? systemChain, out string problem)
    {
        problem = DescribeChain(systemChain);
        var cas = _trustedCas;
        if (cas.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        chain.ChainPolicy.ExtraStore.AddRange(cas);
        chain.Build(server);
        var elements = chain.ChainElements;
        if (elements.Count == 0)
        {
            return false;
        }

        var root = elements[elements.Count - 1].Certificate;
        var anchored = cas.Cast<X509Certificate2>().Any(ca => string.Equals(ca.Thumbprint, root.Thumbprint, StringComparison.OrdinalIgnoreCase));
        var otherProblems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError && s.Status != X509ChainStatusFlags.UntrustedRoot && s.Status != X509ChainStatusFlags.PartialChain)
            .Select(s => s.Status.ToString())
            .ToList();
        if (anchored && otherProblems.Count == 0)
        {
            return true;
        }

        problem = anchored
            ? "its chain to the trusted CA is not valid (" + string.Join(", ", otherProblems) + ")"
            : problem + $"; it was not issued by the CA in TrustedCaCertificatePath '{_settings.TrustedCaCertificatePath}'";
        return false;
    }

    private static string DescribeChain(X509Chain? chain)
    {
        var statuses = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => s.Status).Distinct().ToList()
            ?? new List<X509ChainStatusFlags>();
        if (statuses.Contains(X509ChainStatusFlags.NotTimeValid))
        {
            return "it has expired or is not yet valid";
        }

        if (statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain))
        {
            return "it is not issued by a trusted root CA (untrusted root" + (statuses.Contains(X509ChainStatusFlags.PartialChain) ? ", incomplete chain" : string.Empty) + ")";
        }

        return statuses.Count == 0 ? "its chain is not valid" : "its chain is not valid (" + string.Join(", ", statuses) + ")";
    }

    private static X509Certificate2Collection LoadTrustedCas(string? path)
    {
        var collection = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(path))
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                var text = Encoding.ASCII.GetString(bytes);
                const string Begin = "-----BEGIN CERTIFICATE-----";
                const string End = "-----END CERTIFICATE-----";
                if (text.IndexOf(Begin, StringComparison.Ordinal) < 0)
                {
                    collection.Add(new X509Certificate2(bytes));
                }

                var at = 0;
                while ((at = text.IndexOf(Begin, at, StringComparison.Ordinal)) >= 0)
                {
                    var end = text.IndexOf(End, at, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        break;
                    }

                    var body = text.Substring(at + Begin.Length, end - at - Begin.Length);
                    collection.Add(new X509Certificate2(Convert.FromBase64String(body.Replace("\r", string.Empty).Replace("\n", string.Empty).Trim())));
                    at = end + End.Length;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or FormatException)
            {
                throw new SmtpCertificateException($"TrustedCaCertificatePath '{path}' cannot be read as a PEM or DER certificate: {ex.Message}", ex);
            }
        }

        return collection;
    }

    private static byte[] SHA1Hash(X509Certificate2 certificate)
    {
        using var sha = SHA1.Create();
        return sha.ComputeHash(certificate.RawData);
    }

    private static byte[] SHA256Hash(X509Certificate2 certificate)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(certificate.RawData);
    }

    private static string Hex(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            sb.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
