using System.Security.Cryptography.X509Certificates;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Graph.Tests.Fakes;
using RfqSender.Web.Security;
using RfqSender.Web.Tests.Fakes;

namespace RfqSender.Web.Tests.Site;

/// <summary>
/// The status page (<see cref="StatusServer"/>) running on 127.0.0.1 with a free port over a store of its own (SQLite
/// in a temp folder unless <see cref="StatusSiteOptions.Store"/> names another), local users
/// (<see cref="Operator"/>, <see cref="Viewer"/>) in a users file, and optionally Entra ID sign-in against a
/// <see cref="FakeOpenIdProvider"/> and an HTTPS address with a self-signed certificate file.
/// </summary>
public sealed class StatusSite : IAsyncDisposable
{
    public const string Operator = "olivia";
    public const string Viewer = "victor";
    public const string Password = "correct horse battery staple";

    /// <summary>The group object id that makes an Entra user a viewer (the operator value is an app role).</summary>
    public const string ViewerGroup = "6c1f2e3d-0a9b-4c8d-9e7f-5a4b3c2d1e0f";

    /// <summary>The app role value that makes an Entra user an operator.</summary>
    public const string OperatorRole = "RfqSender.Operator";

    private readonly TestFolder _temp;
    private readonly StatusServer _server;

    private StatusSite(TestFolder temp, StatusServer server, StatusServerOptions options, FakeOpenIdProvider? provider, StringWriter accessLog)
    {
        AccessLog = accessLog;
        _temp = temp;
        _server = server;
        Options = options;
        Provider = provider;
        Http = server.Addresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttp);
        Https = server.Addresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttps);
    }

    public StatusServerOptions Options { get; }

    public StoreSettings Store => Options.Store;

    /// <summary>The plain HTTP address (loopback), when there is one.</summary>
    public Uri? Http { get; }

    /// <summary>The HTTPS address, when <see cref="StatusSiteOptions.Https"/> asked for one.</summary>
    public Uri? Https { get; }

    /// <summary>The address tests use: HTTP when there is one, else HTTPS.</summary>
    public Uri BaseUrl => Http ?? Https!;

    public FakeOpenIdProvider? Provider { get; }

    public string Folder => _temp.Path;

    /// <summary>The access log the server wrote so far (method, path, status, user).</summary>
    public StringWriter AccessLog { get; }

    /// <summary>Starts a site; <paramref name="seed"/> fills its store first (it is created empty).</summary>
    public static async Task<StatusSite> StartAsync(StatusSiteOptions? siteOptions = null, Func<StoreSettings, string, Task>? seed = null)
    {
        siteOptions ??= new StatusSiteOptions();
        var temp = new TestFolder();
        FakeOpenIdProvider? provider = null;
        try
        {
            var store = siteOptions.Store ?? StoreSettings.Sqlite(temp.Combine("data", "rfq.db"));
            if (siteOptions.Store is null)
            {
                DeliveryStoreFactory.Open(store, create: true).Dispose();
            }

            if (seed is not null)
            {
                await seed(store, temp.Path);
            }

            var users = new LocalUserFile(temp.Combine("users.json"));

            // A small work factor: the tests sign in often, and the hash format is the same.
            users.AddOrUpdate(Operator, StatusRoles.Operator, Password, iterations: 1000);
            users.AddOrUpdate(Viewer, StatusRoles.Viewer, Password, iterations: 1000);

            var options = new StatusServerOptions
            {
                Store = store,
                Urls = new List<string>(),
                UsersFile = siteOptions.LocalUsers ? users.Path : null,
                LiveInterval = siteOptions.LiveInterval,
                OverviewLifetime = TimeSpan.FromSeconds(1),
                SignInAttemptsPerMinute = siteOptions.SignInAttemptsPerMinute,
                KeysPath = temp.Combine("keys"),
            };
            if (!siteOptions.HttpsOnly)
            {
                options.Urls.Add("http://127.0.0.1:0");
            }

            if (siteOptions.Https || siteOptions.HttpsOnly)
            {
                var pfx = temp.Write("site.pfx", TestCertificates.ServerCertificate.Export(X509ContentType.Pfx, "pfx-password"));
                options.Urls.Add("https://127.0.0.1:0");
                options.CertificatePath = pfx;
                options.CertificatePassword = "pfx-password";
            }

            if (siteOptions.Oidc)
            {
                provider = await FakeOpenIdProvider.StartAsync();
                options.Oidc = new OidcSignInOptions
                {
                    Authority = provider.Authority,
                    ClientId = provider.ClientId,
                    ClientSecret = provider.ClientSecret,
                    RequireHttpsMetadata = false,
                    OperatorValues = new List<string> { OperatorRole },
                    ViewerValues = new List<string> { ViewerGroup },
                    DisplayName = "Contoso Entra ID",
                };
            }

            var log = new StringWriter();
            options.AccessLog = TextWriter.Synchronized(log);
            siteOptions.Configure?.Invoke(options);
            var server = await StatusServer.StartAsync(options, CancellationToken.None);
            return new StatusSite(temp, server, options, provider, log);
        }
        catch
        {
            if (provider is not null)
            {
                await provider.DisposeAsync();
            }

            temp.Dispose();
            throw;
        }
    }

    /// <summary>An HTTP client of its own (cookies, no redirects followed) for <see cref="BaseUrl"/> or <paramref name="baseUrl"/>.</summary>
    public SiteClient Client(Uri? baseUrl = null) => new(baseUrl ?? BaseUrl);

    /// <summary>A client signed in as a local user.</summary>
    public async Task<SiteClient> SignedInClientAsync(string user, string password = Password)
    {
        var client = Client();
        var response = await client.SignInAsync(user, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }

        _temp.Dispose();
    }
}
