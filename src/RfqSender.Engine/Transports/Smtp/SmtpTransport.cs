using System.Globalization;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// Delivers messages over SMTP through one <see cref="SmtpSubmissionClient"/> (one connection, reused
/// for every message). Credentials refused or a certificate not trusted throw
/// <see cref="SmtpConfigurationException"/> from <see cref="SendAsync"/>: the send must stop. A server
/// that cannot be reached, refuses the session or stops answering throws
/// <see cref="TransportUnavailableException"/>: the run stops with the vendors still due.
/// </summary>
public sealed class SmtpTransport : IMessageTransport, IReportsContentStart, ISendsMessageSequences
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
    /// <exception cref="TransportUnavailableException">The server cannot be reached, refuses the session, or stopped answering; nothing of the message went out, or it is in doubt (<see cref="TransportUnavailableException.Outcome"/>).</exception>
    public async Task<TransportOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        Classify(await Client.SendAsync(message, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    /// <exception cref="SmtpConfigurationException">Credentials refused, certificate not trusted, TLS or AUTH impossible as configured.</exception>
    /// <exception cref="TransportUnavailableException">As <see cref="SendAsync"/>, for the first message not reported; the messages after it were not sent.</exception>
    public Task SendSequenceAsync(IReadOnlyList<OutgoingMessage> messages, Func<int, TransportOutcome, Task> onOutcome, CancellationToken cancellationToken)
    {
        if (onOutcome is null)
        {
            throw new ArgumentNullException(nameof(onOutcome));
        }

        return Client.SendManyAsync(messages, (index, result) => onOutcome(index, Classify(result)), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private TransportOutcome Classify(SmtpSendResult result)
    {
        if (result.Outcome.Kind == TransportOutcomeKind.Sent)
        {
            return result.Outcome;
        }

        var server = Client.Settings.Server + ":" + Client.Settings.Port.ToString(CultureInfo.InvariantCulture);
        if (result.Stage is SmtpTransactionStage.Connect or SmtpTransactionStage.Greeting or SmtpTransactionStage.Hello
            or SmtpTransactionStage.StartTls or SmtpTransactionStage.Authenticate)
        {
            // No session: every other message of the run would fail the same way, each using up an
            // attempt of its vendor. Stop the run instead; the vendors stay due.
            var connect = result.Stage == SmtpTransactionStage.Connect;
            throw new TransportUnavailableException(
                $"The SMTP server {server} {(connect ? "cannot be reached" : "is not available")} ({result.Outcome.Detail}). Nothing was sent and no delivery used up an attempt; "
                + (connect
                    ? "check the server name and port (-SmtpServer/-Port, --smtp-server/--port) and that the server is running, then run again."
                    : "fix what the server says, or run again when it accepts sessions."));
        }

        if (result.TimedOut)
        {
            // A server that stopped answering in the middle of a message would make every message of
            // the run wait as long: stop, with bounded time, instead.
            if (result.Outcome.Kind == TransportOutcomeKind.InDoubt)
            {
                throw new TransportUnavailableException(
                    $"The SMTP server {server} stopped answering after a message's content was sent ({result.Outcome.Detail}). "
                    + "That delivery is in doubt; the run stopped and the vendors not yet sent stay queued. "
                    + "Raise the timeouts (finalReplyTimeoutSeconds, -FinalReplyTimeoutSeconds, --final-reply-timeout) if the server is only slow.")
                {
                    Outcome = result.Outcome,
                };
            }

            throw new TransportUnavailableException(
                $"The SMTP server {server} stopped answering ({result.Outcome.Detail}). The run stopped; no delivery used up an attempt "
                + "and the vendors not yet sent stay queued. Raise the timeouts (commandTimeoutSeconds, dataTimeoutSeconds) if the server is only slow.");
        }

        return result.Outcome;
    }
}
