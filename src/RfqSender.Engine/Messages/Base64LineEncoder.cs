namespace RfqSender.Engine.Messages;

/// <summary>
/// Base64 in lines of 76 characters, each ended by CRLF (RFC 2045 6.8), written straight into a
/// destination array whose size is known beforehand, so large content is encoded in one pass
/// without intermediate copies.
/// </summary>
internal static class Base64LineEncoder
{
    /// <summary>Input bytes per full output line.</summary>
    public const int BytesPerLine = 57;

    private const int CharsPerLine = 76;

    /// <summary>The encoded size of <paramref name="length"/> input bytes, line breaks included.</summary>
    public static long EncodedLength(long length)
    {
        var fullLines = length / BytesPerLine;
        var rest = length % BytesPerLine;
        return (fullLines * (CharsPerLine + 2)) + (rest == 0 ? 0 : ((rest + 2) / 3 * 4) + 2);
    }

    /// <summary>
    /// Encodes <paramref name="count"/> bytes into <paramref name="destination"/> at <paramref name="offset"/>
    /// and returns the offset after them. Every chunk but the last must be a multiple of <see cref="BytesPerLine"/>.
    /// </summary>
    public static int Encode(byte[] source, int sourceOffset, int count, byte[] destination, int offset, char[] scratch)
    {
        var position = sourceOffset;
        var end = sourceOffset + count;
        while (position < end)
        {
            var take = Math.Min(BytesPerLine, end - position);
            var chars = Convert.ToBase64CharArray(source, position, take, scratch, 0);
            for (var i = 0; i < chars; i++)
            {
                destination[offset++] = (byte)scratch[i];
            }

            destination[offset++] = (byte)'\r';
            destination[offset++] = (byte)'\n';
            position += take;
        }

        return offset;
    }

    /// <summary>A scratch buffer large enough for one line.</summary>
    public static char[] CreateScratch() => new char[CharsPerLine];

    /// <summary>Encodes a whole array.</summary>
    public static byte[] Encode(byte[] source)
    {
        var result = new byte[EncodedLength(source.Length)];
        Encode(source, 0, source.Length, result, 0, CreateScratch());
        return result;
    }
}
