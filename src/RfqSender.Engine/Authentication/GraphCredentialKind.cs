namespace RfqSender.Engine.Authentication;

/// <summary>How RfqSender proves who it is to Microsoft Entra ID.</summary>
public enum GraphCredentialKind
{
    /// <summary>No credential is configured.</summary>
    None,

    /// <summary>A token the caller already has (<c>Get-AzAccessToken</c>, <c>Connect-MgGraph</c>); it cannot be renewed.</summary>
    AccessToken,

    /// <summary>An app registration's client secret.</summary>
    ClientSecret,

    /// <summary>An app registration's certificate, from the certificate store or a file.</summary>
    Certificate,

    /// <summary>The managed identity of the Azure resource (Automation account, VM, App Service), system- or user-assigned.</summary>
    ManagedIdentity,
}
