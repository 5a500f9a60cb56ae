using System.Runtime.InteropServices;

namespace RfqSender.Engine.Rfqs;

/// <summary>
/// The kind of a file on Linux (regular file, pipe, device, socket), from <c>statx</c>, whose
/// structure is the same on every architecture. Null where it cannot be told (other systems, an
/// old C library): callers then fall back to what the length says.
/// </summary>
internal static class UnixFileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private static bool _unavailable;

    /// <summary>"a regular file", "a pipe (FIFO)", "a character device", ...; null when unknown.</summary>
    public static string? Of(string path)
    {
        if (_unavailable || !RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return null;
        }

        var mode = BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000;
        return mode switch
        {
            0x8000 => Regular,
            0x1000 => "a pipe (FIFO)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a folder",
            _ => "not a regular file",
        };
    }

    /// <summary>What <see cref="Of"/> says for a regular file.</summary>
    public const string Regular = "a regular file";

    [DllImport("libc.so.6", EntryPoint = "statx", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Statx(int dirfd, string path, int flags, uint mask, byte[] buffer);
}
