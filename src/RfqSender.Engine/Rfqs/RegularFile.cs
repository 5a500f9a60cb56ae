using System.Globalization;

namespace RfqSender.Engine.Rfqs;

/// <summary>
/// The guard before any file of an RFQ (a body, an attachment) is opened: it must be a regular file
/// with content, within a size limit, so a folder, a device (<c>/dev/zero</c>), a pipe that would
/// block forever, or a huge file is refused with a clear reason instead of hanging or exhausting memory.
/// </summary>
/// <remarks>
/// .NET has no portable test for "regular file"; devices, pipes and sockets report a length of 0,
/// so a file of length 0 is refused (an empty body or attachment is a mistake anyway), and a file
/// is read only up to the length checked.
/// </remarks>
internal static class RegularFile
{
    /// <summary>Why the file cannot be used (as "is a folder, not a file"), or null; <paramref name="length"/> is its size.</summary>
    public static string? Check(string fullPath, long maxBytes, out long length) => Check(fullPath, maxBytes, allowEmpty: false, out length);

    /// <summary>As <see cref="Check(string, long, out long)"/>; an empty regular file passes when <paramref name="allowEmpty"/> (the reader says why it is of no use).</summary>
    public static string? Check(string fullPath, long maxBytes, bool allowEmpty, out long length)
    {
        length = 0;
        try
        {
            if (Directory.Exists(fullPath))
            {
                return "is a folder, not a file";
            }

            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                return "does not exist";
            }

            length = info.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            return "cannot be read: " + ex.Message;
        }

        // Where the kind can be told (Linux), a pipe or a device is named; elsewhere a length of 0 is
        // all there is to go by: devices, pipes and sockets report 0.
        var kind = UnixFileKind.Of(fullPath);
        if (kind is not null && kind != UnixFileKind.Regular)
        {
            return $"is {kind}, not a regular file; only a file with content can be used";
        }

        if (length == 0)
        {
            if (kind == UnixFileKind.Regular)
            {
                return allowEmpty ? null : "is empty";
            }

            return "is empty, or is not a regular file (a device, a pipe or a socket); only a file with content can be used";
        }

        return length > maxBytes ? $"is {Size(length)}; the limit is {Size(maxBytes)}" : null;
    }

    /// <summary>Reads a file checked by <see cref="Check(string, long, out long)"/>, failing when it holds more than the length checked.</summary>
    /// <exception cref="IOException">The file changed while it was read, or cannot be read.</exception>
    public static byte[] ReadAll(string fullPath, long length)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = stream.Read(buffer, read, (int)Math.Min(length - read, 1 << 20));
            if (n == 0)
            {
                throw new IOException($"it became shorter while it was read ({read.ToString(CultureInfo.InvariantCulture)} of {length.ToString(CultureInfo.InvariantCulture)} bytes)");
            }

            read += n;
        }

        if (stream.ReadByte() >= 0)
        {
            throw new IOException($"it grew while it was read (beyond {length.ToString(CultureInfo.InvariantCulture)} bytes)");
        }

        return buffer;
    }

    /// <summary>A size for people: bytes, KB or MB.</summary>
    public static string Size(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        }

        if (bytes < AttachmentLimits.MiB)
        {
            return (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB";
        }

        return (bytes / (double)AttachmentLimits.MiB).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
    }
}
