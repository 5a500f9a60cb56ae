using System.Security.Cryptography;

namespace RfqSender.Web.Security;

/// <summary>
/// Salted password hashes for the local users file: PBKDF2 with HMAC-SHA-256, a random 16-byte salt per
/// user and 600,000 iterations, written <c>pbkdf2-sha256$iterations$salt$hash</c> (Base64). Verification
/// takes the same time whether or not the user exists (<see cref="VerifyNobody"/>) and compares in fixed time.
/// </summary>
public static class PasswordHash
{
    /// <summary>The iterations of a new hash (OWASP's figure for PBKDF2-HMAC-SHA-256).</summary>
    public const int Iterations = 600_000;

    private const string Prefix = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private static readonly string Dummy = Create("not a password of anybody");

    /// <summary>A new salted hash of <paramref name="password"/>.</summary>
    public static string Create(string password) => Create(password, Iterations);

    /// <summary>A new salted hash with the given work factor (tests use a smaller one).</summary>
    public static string Create(string password, int iterations)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException("The password is empty.", nameof(password));
        }

        if (iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>True when the text is a hash this type writes (so a plain password in the file is told apart).</summary>
    public static bool IsHash(string? text) => TryParse(text, out _, out _, out _);

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; false for a malformed hash.</summary>
    public static bool Verify(string password, string stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            VerifyNobody(password);
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password ?? string.Empty, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of one verification, for a user name that is not in the file.</summary>
    public static void VerifyNobody(string? password) => Verify(password ?? string.Empty, Dummy);

    private static bool TryParse(string? text, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = Array.Empty<byte>();
        var parts = (text ?? string.Empty).Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], out iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length >= 16;
    }
}
