using Npgsql;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking.PostgreSql;

/// <summary>
/// The throw-away PostgreSQL that tests/ci/start-postgresql.sh starts, found through the env file it
/// writes (<c>$RFQSENDER_POSTGRES_DIR/env</c>, default <c>/tmp/rfqsender-postgres/env</c>). Each test
/// gets a schema of its own (<see cref="CreateSchema"/>), dropped when it is done.
/// </summary>
public sealed class PostgreSqlTestServer
{
    private static readonly Lazy<PostgreSqlTestServer?> Found = new(Find);

    private PostgreSqlTestServer(Dictionary<string, string> values)
    {
        Host = values["host"];
        Port = int.Parse(values["port"], System.Globalization.CultureInfo.InvariantCulture);
        Database = values["database"];
        Owner = values["owner"];
        OwnerPassword = values["owner_password"];
        Worker = values["worker"];
        WorkerPassword = values["worker_password"];
        BinDirectory = values.TryGetValue("bin", out var bin) ? bin : string.Empty;
    }

    /// <summary>True when the tests must run (CI, or RFQSENDER_PG_TESTS=1): a missing server then fails instead of skipping.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("RFQSENDER_PG_TESTS") == "1";

    public static string EnvFile => Path.Combine(Environment.GetEnvironmentVariable("RFQSENDER_POSTGRES_DIR") is { Length: > 0 } dir ? dir : "/tmp/rfqsender-postgres", "env");

    public static PostgreSqlTestServer? Instance => Found.Value;

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string Owner { get; }

    public string OwnerPassword { get; }

    public string Worker { get; }

    public string WorkerPassword { get; }

    public string BinDirectory { get; }

    /// <summary>The server, or a skip (locally) or a failure (CI) saying how to start it.</summary>
    public static PostgreSqlTestServer Require()
    {
        if (Instance is { } server)
        {
            return server;
        }

        var how = $"{EnvFile} is missing or the server does not answer. Run tests/ci/install-test-services.sh as root.";
        if (Required)
        {
            throw new InvalidOperationException("The PostgreSQL store tests must run here (CI=true or RFQSENDER_PG_TESTS=1) but no PostgreSQL answers: " + how);
        }

        throw new SkipException("No local PostgreSQL for the shared-store tests: " + how);
    }

    /// <summary>A connection string without a password (it is given apart, as a user would).</summary>
    public string ConnectionString(string? schema = null, string? user = null) =>
        $"Host={Host};Port={Port};Database={Database};Username={user ?? Owner}" + (schema is null ? string.Empty : $";Search Path={schema}");

    /// <summary>The owner's connection string with its password, for the tests' own set-up.</summary>
    public string OwnerConnectionString(string? schema = null) => ConnectionString(schema) + $";Password={OwnerPassword};Pooling=false";

    /// <summary>Creates an empty schema that the worker role may use, for one test.</summary>
    public string CreateSchema()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N").Substring(0, 16);
        Execute($"CREATE SCHEMA {schema}; GRANT USAGE ON SCHEMA {schema} TO {Worker};");
        return schema;
    }

    public void DropSchema(string schema) => Execute($"DROP SCHEMA IF EXISTS {schema} CASCADE;");

    /// <summary>Runs SQL as the owner.</summary>
    public void Execute(string sql, string? schema = null)
    {
        using var connection = new NpgsqlConnection(OwnerConnectionString(schema));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query as the owner and gives its first value.</summary>
    public object? Scalar(string sql, string? schema = null)
    {
        using var connection = new NpgsqlConnection(OwnerConnectionString(schema));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    /// <summary>Settings for the store in <paramref name="schema"/>, as the owner (or the worker), the password given apart.</summary>
    public StoreSettings Store(string schema, bool asWorker = false) =>
        StoreSettings.PostgreSql(
            ConnectionString(schema, asWorker ? Worker : Owner),
            password: Secure(asWorker ? WorkerPassword : OwnerPassword));

    public static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    private static PostgreSqlTestServer? Find()
    {
        try
        {
            var values = Support.ServiceEnvFile.Read(EnvFile);
            if (values is null)
            {
                return null;
            }

            var server = new PostgreSqlTestServer(values);
            return Support.ServiceEnvFile.Listens(server.Host, server.Port) ? server : null;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException)
        {
            return null;
        }
    }
}
