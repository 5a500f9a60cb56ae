using System.Management.Automation;
using System.Security;
using RfqSender.Engine.Authentication;

namespace RfqSender.PowerShell;

/// <summary>
/// The Entra ID sign-in parameters of a cmdlet that talks to Microsoft Graph (sending, reading
/// replies), bound into the settings the same way by <see cref="GraphSignInBinding"/>.
/// </summary>
public interface IGraphSignInParameters
{
    /// <summary>An access token the caller already has.</summary>
    SecureString? AccessToken { get; }

    /// <summary>Entra ID tenant id or domain.</summary>
    string? TenantId { get; }

    /// <summary>App registration (client) id.</summary>
    string? ClientId { get; }

    /// <summary>App registration client secret.</summary>
    SecureString? ClientSecret { get; }

    /// <summary>Thumbprint of the app's certificate in the certificate store.</summary>
    string? CertificateThumbprint { get; }

    /// <summary>The app's certificate file.</summary>
    string? CertificatePath { get; }

    /// <summary>Sign in with the managed identity.</summary>
    SwitchParameter ManagedIdentity { get; }

    /// <summary>Client id of a user-assigned managed identity.</summary>
    string? ManagedIdentityClientId { get; }

    /// <summary>The Microsoft cloud.</summary>
    GraphCloud Cloud { get; }
}
