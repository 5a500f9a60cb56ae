using System.Net;
using System.Net.Http.Headers;

namespace RfqSender.Engine.Transports.Graph;

/// <summary>
/// A request body that records whether it was handed over whole: a connection lost before that
/// means the message was not sent (transient), after it means Graph may have taken it (in doubt).
/// </summary>
internal sealed class CompletionTrackingContent : HttpContent
{
    private readonly byte[] _bytes;
    private readonly int _offset;
    private readonly int _count;

    public CompletionTrackingContent(byte[] bytes, string mediaType)
        : this(bytes, 0, bytes.Length, mediaType)
    {
    }

    public CompletionTrackingContent(byte[] bytes, int offset, int count, string mediaType)
    {
        _bytes = bytes;
        _offset = offset;
        _count = count;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    public bool Sent { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_bytes, _offset, _count).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
        Sent = true;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _count;
        return true;
    }
}
