using RfqSender.Engine.Authentication;
using RfqSender.Graph.Tests.Fakes;

namespace RfqSender.Graph.Tests.Authentication;

/// <summary>
/// Managed identity through MSAL against the fake endpoint, reached the way Azure Automation and
/// App Service publish it: IDENTITY_ENDPOINT and IDENTITY_HEADER. These variables are process-wide,
/// so the tests of this class run one at a time and restore them.
/// </summary>
[Collection(nameof(ManagedIdentityTests))]
public sealed class ManagedIdentityTests : IAsyncLifetime
{
    private readonly HttpClientHandler _handler = TestCertificates.TrustingHandler();
    private FakeMicrosoftCloud _cloud = null!;
    private string? _endpoint;
    private string? _header;

    public async Task InitializeAsync()
    {
        _cloud = await FakeMicrosoftCloud.StartAsync();
        _endpoint = Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT");
        _header = Environment.GetEnvironmentVariable("IDENTITY_HEADER");
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", _cloud.ManagedIdentityEndpoint);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", _cloud.IdentityHeader);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", _endpoint);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", _header);
        await _cloud.DisposeAsync();
        _handler.Dispose();
    }

    [Fact]
    public async Task A_system_assigned_identity_gets_a_graph_token_for_the_resource()
    {
        // A resource of its own keeps MSAL's process-wide managed identity cache from answering.
        var resource = $"https://graph-{Guid.NewGuid():N}.example";
        var provider = new GraphAuthenticationSettings { UseManagedIdentity = true }.CreateTokenProvider(_handler);

        var token = await provider.GetTokenAsync(new[] { resource + "/.default" }, false, CancellationToken.None);
        var again = await provider.GetTokenAsync(new[] { resource + "/.default" }, false, CancellationToken.None);

        Assert.StartsWith("fake-access-token-", token.Token);
        Assert.Equal(token.Token, again.Token);
        var request = Assert.Single(_cloud.ManagedIdentityRequests);
        Assert.Equal(resource, request["resource"]);
        Assert.Equal("2019-08-01", request["api-version"]);
        Assert.False(request.ContainsKey("client_id"));
        Assert.Equal("system-assigned managed identity", provider.Description);
    }

    [Fact]
    public async Task A_user_assigned_identity_sends_its_client_id()
    {
        var clientId = Guid.NewGuid().ToString();
        var resource = $"https://graph-{Guid.NewGuid():N}.example";
        var provider = GraphAuthenticationSettings.FromEnvironment(new System.Collections.Hashtable { ["RFQSENDER_GRAPH_MANAGED_IDENTITY"] = clientId }).CreateTokenProvider(_handler);

        var token = await provider.GetTokenAsync(new[] { resource + "/.default" }, false, CancellationToken.None);

        Assert.StartsWith("fake-access-token-", token.Token);
        Assert.Equal(clientId, Assert.Single(_cloud.ManagedIdentityRequests)["client_id"]);
    }
}
