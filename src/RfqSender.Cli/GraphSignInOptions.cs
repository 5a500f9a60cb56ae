using System.CommandLine;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Settings;

namespace RfqSender.Cli;

/// <summary>
/// The Entra ID sign-in options of the commands that talk to Microsoft Graph (sending, reading
/// replies); they fill the same <see cref="SettingsOverrides"/> as the cmdlets' parameters. A client
/// secret or an access token is never an option: it comes from RFQSENDER_GRAPH_CLIENT_SECRET or
/// RFQSENDER_GRAPH_ACCESS_TOKEN.
/// </summary>
internal sealed class GraphSignInOptions
{
    private readonly Option<string?> _tenant = new("--tenant-id") { Description = "Entra ID tenant (graph).", HelpName = "id" };
    private readonly Option<string?> _client = new("--client-id") { Description = "App registration id; a secret comes from RFQSENDER_GRAPH_CLIENT_SECRET (graph).", HelpName = "id" };
    private readonly Option<string?> _certificateThumbprint = new("--certificate-thumbprint") { Description = "The app's certificate in the certificate store (graph).", HelpName = "hex" };
    private readonly Option<string?> _certificatePath = new("--certificate-path") { Description = "The app's certificate file (graph).", HelpName = "file" };
    private readonly Option<bool> _managedIdentity = new("--managed-identity") { Description = "Sign in with the Azure resource's managed identity (graph)." };
    private readonly Option<string?> _managedIdentityClientId = new("--managed-identity-client-id") { Description = "Client id of a user-assigned managed identity (graph).", HelpName = "id" };
    private readonly Option<GraphCloud?> _cloud = new("--cloud") { Description = "Global, USGovernment, USGovernmentDoD or China (graph)." };

    /// <summary>The options, in the order help shows them.</summary>
    public IEnumerable<Option> All => new Option[] { _tenant, _client, _certificateThumbprint, _certificatePath, _managedIdentity, _managedIdentityClientId, _cloud };

    /// <summary>Puts the values given into <paramref name="overrides"/>.</summary>
    public SettingsOverrides ApplyTo(ParseResult parse, SettingsOverrides overrides)
    {
        overrides.TenantId = parse.GetValue(_tenant);
        overrides.ClientId = parse.GetValue(_client);
        overrides.CertificateThumbprint = parse.GetValue(_certificateThumbprint);
        overrides.CertificatePath = parse.GetValue(_certificatePath);
        overrides.ManagedIdentity = parse.GetValue(_managedIdentity) ? true : null;
        overrides.ManagedIdentityClientId = parse.GetValue(_managedIdentityClientId);
        overrides.Cloud = parse.GetValue(_cloud);
        return overrides;
    }
}
