using RfqSender.Engine.Authentication;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Transports.Graph;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Transports;

/// <summary>Builds the transport the settings choose; the one place cmdlets and the CLI get a transport from.</summary>
public static class TransportFactory
{
    /// <summary>
    /// One transport per concurrent sender: separate connections for SMTP; the same instance for
    /// Graph (it limits its own requests per mailbox) and the pickup folder. Dispose each distinct one.
    /// </summary>
    public static IReadOnlyList<IMessageTransport> CreatePool(RfqSenderSettings settings, int concurrency)
    {
        var first = Create(settings);
        if (settings.Transport != TransportKind.Smtp)
        {
            return Enumerable.Repeat(first, concurrency).ToList();
        }

        return new[] { first }.Concat(Enumerable.Range(1, concurrency - 1).Select(_ => Create(settings))).ToList();
    }

    /// <summary>Creates the transport of <paramref name="settings"/>, after checking its settings; <paramref name="settings"/> is not changed.</summary>
    /// <exception cref="RfqSenderException">The transport's settings are incomplete or invalid; the message says which.</exception>
    public static IMessageTransport Create(RfqSenderSettings settings)
    {
        if (!settings.TransportChosen && !string.IsNullOrWhiteSpace(settings.Smtp.Server) && !string.IsNullOrWhiteSpace(settings.Graph.Mailbox))
        {
            throw new SettingsException(
                string.Join(", ", settings.Sources.DefaultIfEmpty("settings")), null, "transport",
                $"both an SMTP server ({settings.Smtp.Server}) and a Graph mailbox ({settings.Graph.Mailbox}) are configured and no transport is named: set 'transport:' (or RFQSENDER_TRANSPORT, -Transport, --transport) to smtp or graph");
        }

        switch (settings.Transport)
        {
            case TransportKind.Smtp:
                // The settings given stay as they are: a caller may build several transports from them.
                var smtp = settings.Smtp.Copy();
                if (smtp.AuthMechanism == SmtpAuthMechanism.XOAuth2 && smtp.AccessTokenProvider is null && settings.GraphAuthentication.CredentialKind != GraphCredentialKind.None)
                {
                    // Exchange Online SMTP: the same Entra ID sign-in that serves Graph supplies the XOAUTH2 token.
                    smtp.AccessTokenProvider = settings.GraphAuthentication.CreateExchangeTokenCallback();
                }

                smtp.Validate();
                return new SmtpTransport(smtp);
            case TransportKind.Graph:
                var graph = settings.Graph.Copy();
                graph.GraphBaseUrl ??= settings.GraphAuthentication.Endpoints.GraphBaseUrl;
                return GraphTransport.Create(settings.GraphAuthentication, graph);
            default:
                return new PickupFolderTransport(settings.EffectivePickupFolder, settings.PickupDrafts);
        }
    }
}
