using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// Delivers messages over SMTP through one <see cref="SmtpSubmissionClient"/> (one connection, reused
/// for every message). Credentials refused or a certificate not trusted throw
/// <see cref="SmtpConfigurationException"/> from <see cref="SendAsync"/>: the send must stop.
/// </summary>
public sealed class SmtpTransport : IMessageTransport
{
    /// <summary>Creates the transport and its client.</summary>
    /// <exception cref="SmtpConfigurationException">The settings are not valid.</exception>
    public SmtpTransport(SmtpSettings settings)
        : this(new SmtpSubmissionClient(settings))
    {
    }

    /// <summary>Creates the transport over a client, which it disposes.</summary>
    public SmtpTransport(SmtpSubmissionClient client)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <summary>The client, e.g. for <see cref="SmtpSubmissionClient.ConnectAsync"/> before a send.</summary>
    public SmtpSubmissionClient Client { get; }

    /// <inheritdoc />
    public string Description => "smtp " + Client.Settings;

    /// <inheritdoc />
    /// <exception cref="SmtpConfigurationException">Credentials refused, certificate not trusted, TLS or AUTH impossible as configured.</exception>
    /// <exception cref="TransportUnavailableException">The server cannot be reached at all; nothing of the message went out.</exception>
    public async Task<DeliveryOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var result = await Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (result.Stage == SmtpTransactionStage.Connect && result.Outcome.Kind != DeliveryOutcomeKind.Sent)
        {
            // No TCP connection: every other message of the run would fail the same way, each using
            // up an attempt of its vendor. Stop the run instead; the vendors stay due.
            throw new TransportUnavailableException(
                $"The SMTP server cannot be reached ({result.Outcome.Detail}). Nothing was sent and no delivery used up an attempt; "
                + "check the server name and port (-SmtpServer/-Port, --smtp-server/--port) and that the server is running, then run again.");
        }

        return result.Outcome;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
