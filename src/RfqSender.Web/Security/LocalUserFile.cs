using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RfqSender.Engine;

namespace RfqSender.Web.Security;

/// <summary>
/// The local users file, for a lab without Entra ID: JSON with each user's name, role and salted password hash,
/// written by <c>rfq serve --add-user</c>. It is read again at every sign-in, so a user added or removed while the
/// server runs counts at once. A file holding anything but hashes is refused, so a plain password never works.
/// </summary>
public sealed class LocalUserFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private volatile Snapshot? _cache;

    /// <summary>A users file at <paramref name="path"/> (which need not exist yet).</summary>
    public LocalUserFile(string path) => Path = System.IO.Path.GetFullPath(path ?? throw new ArgumentNullException(nameof(path)));

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The users in the file; none when it does not exist.</summary>
    /// <exception cref="RfqSenderException">The file cannot be read, is not a users file, or holds a user without a valid hash (naming the file and the user).</exception>
    public IReadOnlyList<LocalUser> Read()
    {
        if (!File.Exists(Path))
        {
            return Array.Empty<LocalUser>();
        }

        UserList? list;
        try
        {
            list = JsonSerializer.Deserialize<UserList>(File.ReadAllText(Path, Encoding.UTF8), Json);
        }
        catch (JsonException ex)
        {
            throw new RfqSenderException(FailureKind.Configuration, $"The users file '{Path}' is not valid JSON (line {ex.LineNumber + 1}): {ex.Message.Split('.')[0]}.");
        }
        catch (IOException ex)
        {
            throw new RfqSenderException(FailureKind.Configuration, $"The users file '{Path}' cannot be read: {ex.Message}");
        }

        var users = list?.Users ?? new List<LocalUser>();
        foreach (var user in users)
        {
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                throw new RfqSenderException(FailureKind.Configuration, $"The users file '{Path}' has a user without a name.");
            }

            if (StatusRoles.Parse(user.Role) is null)
            {
                throw new RfqSenderException(FailureKind.Configuration, $"The users file '{Path}': user '{user.Name}' has the role '{user.Role}'; the roles are viewer and operator.");
            }

            if (!Security.PasswordHash.IsHash(user.PasswordHash))
            {
                throw new RfqSenderException(FailureKind.Configuration, $"The users file '{Path}': user '{user.Name}' has no valid password hash (a plain password is never accepted); set it again with rfq serve --add-user.");
            }
        }

        return users;
    }

    /// <summary>
    /// Adds a user, or gives an existing one (same name) a new password and role; the file is written beside itself
    /// and moved into place, so a reader never sees half of it. Returns true when the user is new.
    /// </summary>
    /// <exception cref="ArgumentException">The name or role is not valid, or the password is empty.</exception>
    public bool AddOrUpdate(string name, string role, string password, int iterations = Security.PasswordHash.Iterations)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || name.Length > 128)
        {
            throw new ArgumentException("A user name is 1 to 128 characters without spaces or control characters.", nameof(name));
        }

        var parsedRole = StatusRoles.Parse(role) ?? throw new ArgumentException($"The role '{role}' is not viewer or operator.", nameof(role));
        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException("The password is empty.", nameof(password));
        }

        var users = Read().ToList();
        var existing = users.FindIndex(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        // The same password again keeps its hash, so a change of role alone does not end the user's sign-ins; a new
        // password does (LocalSignIn compares the hash's stamp).
        var samePassword = existing >= 0 && Security.PasswordHash.Verify(password, users[existing].PasswordHash);
        var user = new LocalUser
        {
            Name = name,
            Role = parsedRole,
            PasswordHash = samePassword ? users[existing].PasswordHash : Security.PasswordHash.Create(password, iterations),
            Changed = samePassword ? users[existing].Changed : DateTimeOffset.UtcNow,
        };
        if (existing >= 0)
        {
            users[existing] = user;
        }
        else
        {
            users.Add(user);
        }

        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from the first byte: the hashes are never readable by others, not even for a moment.
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, new UTF8Encoding(false), create))
        {
            writer.Write(JsonSerializer.Serialize(new UserList { Users = users }, Json));
        }

        File.Move(temporary, Path, overwrite: true);
        return existing < 0;
    }

    /// <summary>
    /// The user of that name as the file says now (null when the file no longer holds them), for checking a sign-in
    /// cookie at each request; the file is read again only when it changed since the last look.
    /// </summary>
    public LocalUser? Find(string name)
    {
        var stamp = File.Exists(Path) ? File.GetLastWriteTimeUtc(Path) : DateTime.MinValue;
        var cached = _cache;
        if (cached is null || cached.Stamp != stamp)
        {
            cached = new Snapshot(stamp, Read());
            _cache = cached;
        }

        return cached.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The user when the name and password match one in the file; null otherwise, in the same time either way.</summary>
    public LocalUser? Verify(string? name, string? password)
    {
        var user = Read().FirstOrDefault(u => string.Equals(u.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (user is null || string.IsNullOrEmpty(password))
        {
            Security.PasswordHash.VerifyNobody(password);
            return null;
        }

        return Security.PasswordHash.Verify(password!, user.PasswordHash) ? user : null;
    }

    private sealed record Snapshot(DateTime Stamp, IReadOnlyList<LocalUser> Users);

    private sealed class UserList
    {
        public List<LocalUser> Users { get; set; } = new();
    }
}
