using System.Diagnostics;
using System.Globalization;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Names a sending process in the store (<c>machine/process id/run id</c>) and tells whether the
/// process behind such a name is gone, so its claims can be taken back at once instead of waiting
/// for the lease to expire.
/// </summary>
public static class SenderIdentity
{
    /// <summary>A new owner name for this process and run.</summary>
    public static string Create() =>
        string.Join("/", Environment.MachineName, Process.GetCurrentProcess().Id.ToString(CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N").Substring(0, 8));

    /// <summary>
    /// True when <paramref name="owner"/> names a process of this machine that no longer runs.
    /// Owners of other machines are never judged: their leases expire instead.
    /// </summary>
    public static bool IsDeadLocalProcess(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 3
            || !string.Equals(parts[0], Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (pid == Process.GetCurrentProcess().Id)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
