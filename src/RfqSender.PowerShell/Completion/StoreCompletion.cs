using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;

namespace RfqSender.PowerShell.Completion;

/// <summary>
/// What the completers share: the store the command line names (its -StorePath, else the
/// settings), opened without creating it, and completion results from candidate values.
/// Completion never throws: a store that cannot be read completes nothing.
/// </summary>
internal static class StoreCompletion
{
    public static IEnumerable<CompletionResult> Complete(IDictionary fakeBoundParameters, string wordToComplete, Func<SqliteDeliveryStore, IEnumerable<string>> candidates)
    {
        IReadOnlyList<string> values;
        try
        {
            // Completion runs on the pipeline thread, where the runspace knows PowerShell's location
            // (which is not the process's current directory).
            var paths = Runspace.DefaultRunspace?.SessionStateProxy.Path;
            var here = paths?.CurrentFileSystemLocation.ProviderPath;
            var path = fakeBoundParameters["StorePath"] as string;
            var file = string.IsNullOrWhiteSpace(path)
                ? SettingsLoader.Load(currentDirectory: here).EffectiveStorePath
                : paths?.GetUnresolvedProviderPathFromPSPath(path) ?? Path.GetFullPath(path!);
            using var store = SqliteDeliveryStore.Open(file, createIfMissing: false);
            values = candidates(store).ToList();
        }
        catch (Exception ex) when (ex is Engine.RfqSenderException or IOException or UnauthorizedAccessException or ItemNotFoundException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException)
        {
            yield break;
        }

        var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        foreach (var value in values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            var text = value.IndexOfAny(new[] { ' ', '\'', '"', ';', ',', '$', '`', '(', ')', '{', '}', '|', '&', '@', '#' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;
            yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, value);
        }
    }
}
