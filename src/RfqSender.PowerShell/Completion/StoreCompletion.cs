using System.Collections;
using System.Management.Automation;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;

namespace RfqSender.PowerShell.Completion;

/// <summary>
/// What the completers share: the store the command line names (its -StorePath or
/// -StoreConnectionString, else the
/// settings), opened without creating it, and completion results from candidate values.
/// Completion never throws: a store that cannot be read completes nothing.
/// </summary>
internal static class StoreCompletion
{
    public static IEnumerable<CompletionResult> Complete(IDictionary fakeBoundParameters, string wordToComplete, Func<IDeliveryReader, IEnumerable<string>> candidates)
    {
        IReadOnlyList<string> values;
        try
        {
            // PowerShell's location is not the process's current directory. The runspace's
            // SessionStateProxy cannot be used here (the completion pipeline is running: "A pipeline
            // is already running"); a script block runs nested in that pipeline and can.
            var path = fakeBoundParameters["StorePath"] as string;
            var resolved = ScriptBlock.Create(
                    "param($p) $s = $ExecutionContext.SessionState.Path; if ($p) { $s.GetUnresolvedProviderPathFromPSPath($p) } else { $s.CurrentFileSystemLocation.ProviderPath }")
                .InvokeReturnAsIs(path);
            var location = (resolved is PSObject wrapped ? wrapped.BaseObject : resolved) as string;
            var overrides = new SettingsOverrides
            {
                StorePath = string.IsNullOrWhiteSpace(path) ? null : location ?? Path.GetFullPath(path!),
                StoreConnectionString = fakeBoundParameters["StoreConnectionString"] as string,
                StoreUserName = (fakeBoundParameters["StoreCredential"] as PSCredential)?.UserName,
                StorePassword = (fakeBoundParameters["StoreCredential"] as PSCredential)?.Password,
            };
            var store = overrides.ApplyTo(SettingsLoader.Load(currentDirectory: location)).EffectiveStore;

            // Completion must answer at once: a database that does not, completes nothing.
            store.RetryFor = TimeSpan.FromSeconds(1);
            store.ConnectTimeout = TimeSpan.FromSeconds(2);
            using var runtime = RfqRuntime.ForStore(store);
            values = candidates(runtime.OpenStore(create: false)).ToList();
        }
        catch (Exception ex) when (ex is Engine.RfqSenderException or IOException or UnauthorizedAccessException or RuntimeException or PSInvalidOperationException or NotSupportedException or ArgumentException)
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
