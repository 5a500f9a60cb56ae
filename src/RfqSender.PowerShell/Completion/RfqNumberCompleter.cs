using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RfqSender.PowerShell.Completion;

/// <summary>Completes RFQ numbers from the campaigns in the store.</summary>
public sealed class RfqNumberCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        StoreCompletion.Complete(fakeBoundParameters, wordToComplete, store =>
            store.GetCampaignsAsync(null, CancellationToken.None).GetAwaiter().GetResult().Select(c => c.RfqNumber));
}
