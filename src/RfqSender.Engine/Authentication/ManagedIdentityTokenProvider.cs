using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace RfqSender.Engine.Authentication;

/// <summary>
/// Tokens for the managed identity of the Azure resource this runs on, through MSAL, which finds
/// the endpoint itself: <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> in Azure Automation
/// and App Service, else the instance metadata service of a VM.
/// </summary>
internal sealed class ManagedIdentityTokenProvider : IAccessTokenProvider
{
    private readonly IManagedIdentityApplication _application;

    public ManagedIdentityTokenProvider(string? userAssignedId, HttpMessageHandler? httpHandler)
    {
        ManagedIdentityId id;
        if (string.IsNullOrWhiteSpace(userAssignedId))
        {
            id = ManagedIdentityId.SystemAssigned;
            Description = "system-assigned managed identity";
        }
        else if (userAssignedId!.Trim().StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase))
        {
            id = ManagedIdentityId.WithUserAssignedResourceId(userAssignedId.Trim());
            Description = $"user-assigned managed identity {userAssignedId.Trim()}";
        }
        else if (Guid.TryParse(userAssignedId, out _))
        {
            id = ManagedIdentityId.WithUserAssignedClientId(userAssignedId.Trim());
            Description = $"user-assigned managed identity {userAssignedId.Trim()}";
        }
        else
        {
            throw new AuthenticationSettingsException(nameof(GraphAuthenticationSettings.ManagedIdentityClientId),
                $"The managed identity '{userAssignedId}' is neither 'system', a client id (GUID) nor a resource id starting with /subscriptions/.");
        }

        var builder = ManagedIdentityApplicationBuilder.Create(id);
        if (httpHandler is not null)
        {
            builder = builder.WithHttpClientFactory(new MsalHttpClientFactory(httpHandler));
        }

        _application = builder.Build();
    }

    public string Description { get; }

    public bool CanRefresh => true;

    public async Task<AccessToken> GetTokenAsync(IReadOnlyList<string> scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        if (scopes is null || scopes.Count != 1)
        {
            throw new ArgumentException("A managed identity token is for exactly one resource.", nameof(scopes));
        }

        // Managed identity endpoints take a resource, not a scope.
        var resource = scopes[0].EndsWith("/.default", StringComparison.Ordinal) ? scopes[0].Substring(0, scopes[0].Length - 9) : scopes[0];
        try
        {
            var result = await _application.AcquireTokenForManagedIdentity(resource)
                .WithForceRefresh(forceRefresh)
                .ExecuteAsync(cancellationToken)
                .ConfigureAwait(false);
            return new AccessToken(result.AccessToken, result.ExpiresOn);
        }
        catch (Exception ex) when (MsalFailure.IsHandled(ex, cancellationToken))
        {
            throw MsalFailure.Convert(ex, $"with the {Description} for {resource}");
        }
    }
}
