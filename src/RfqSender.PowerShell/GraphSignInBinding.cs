using RfqSender.Engine.Settings;

namespace RfqSender.PowerShell;

/// <summary>Puts the Graph sign-in parameters a cmdlet was given into the settings overrides, as every cmdlet that talks to Graph does.</summary>
internal static class GraphSignInBinding
{
    /// <summary>
    /// Copies the values of <paramref name="parameters"/> into <paramref name="overrides"/>: switches
    /// and enums only when <paramref name="bound"/> holds them, a certificate path resolved by <paramref name="resolvePath"/>.
    /// </summary>
    public static SettingsOverrides ApplyTo(this IGraphSignInParameters parameters, SettingsOverrides overrides, IDictionary<string, object> bound, Func<string, string> resolvePath)
    {
        overrides.AccessToken = parameters.AccessToken;
        overrides.TenantId = parameters.TenantId;
        overrides.ClientId = parameters.ClientId;
        overrides.ClientSecret = parameters.ClientSecret;
        overrides.CertificateThumbprint = parameters.CertificateThumbprint;
        overrides.CertificatePath = string.IsNullOrEmpty(parameters.CertificatePath) ? null : resolvePath(parameters.CertificatePath!);
        overrides.ManagedIdentity = bound.ContainsKey(nameof(IGraphSignInParameters.ManagedIdentity)) ? parameters.ManagedIdentity.IsPresent : null;
        overrides.ManagedIdentityClientId = parameters.ManagedIdentityClientId;
        overrides.Cloud = bound.ContainsKey(nameof(IGraphSignInParameters.Cloud)) ? parameters.Cloud : null;
        return overrides;
    }
}
