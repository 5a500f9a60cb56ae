using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Responses.Sources;

/// <summary>
/// A mailbox that replies are read from: a folder of <c>.eml</c> files, an IMAP folder, (later) a
/// Microsoft Graph mailbox. A source yields the messages it holds that the store has not recorded
/// yet, one at a time and in a stable order, never deletes one, and remembers how far it read
/// through the store (<see cref="IInboundStore.GetSourceStateAsync"/>): the reader saves
/// <see cref="SourceMessage.StateAfter"/> once a message is recorded. Every source passes one corpus.
/// </summary>
public interface IReplySource : IAsyncDisposable
{
    /// <summary>
    /// The source's stable name, under which the store records its messages and read state (for
    /// example <c>folder:/srv/replies</c>, <c>imap://buyer@mail.contoso.com:993</c>); never holds a secret.
    /// </summary>
    string Name { get; }

    /// <summary>Where the source is, in words for messages and errors; never holds a secret.</summary>
    string Description { get; }

    /// <summary>
    /// The messages not read yet: after the state the store holds for this source, and not among
    /// those the store has recorded. Connects on the first call.
    /// </summary>
    /// <exception cref="RfqSenderException">The source cannot be reached or read (with what to fix).</exception>
    IAsyncEnumerable<SourceMessage> ReadAsync(IInboundStore store, CancellationToken cancellationToken);

    /// <summary>
    /// Called once a message was recorded (or found recorded already): a source that moves processed
    /// messages to a folder moves it now; the others do nothing.
    /// </summary>
    Task CompleteAsync(SourceMessage message, CancellationToken cancellationToken);
}
