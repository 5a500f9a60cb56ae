using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Settings;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Copies campaigns from one store to another, for example from a SQLite file to a PostgreSQL database that several machines share.</para>
/// </summary>
[Cmdlet(VerbsCommon.Copy, "RfqStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(StoreCopyResult))]
public sealed class CopyRfqStoreCommand : RfqStoreCmdlet
{
    private readonly List<string> _numbers = new();

    /// <summary>Only these campaigns; default every campaign of the source store.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? RfqNumber { get; set; }

    /// <summary>The target: a SQLite store file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DestinationPath { get; set; }

    /// <summary>The target: a PostgreSQL store's connection string (Host=...;Database=...;Username=...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DestinationConnectionString { get; set; }

    /// <summary>The PostgreSQL user and password of the target, over its connection string's.</summary>
    [Parameter]
    [Credential]
    public PSCredential? DestinationCredential { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (RfqNumber is not null)
        {
            _numbers.AddRange(RfqNumber);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (string.IsNullOrEmpty(DestinationPath) == string.IsNullOrEmpty(DestinationConnectionString))
        {
            Fail(
                new PSArgumentException("Name the store to copy to: -DestinationPath (a SQLite file) or -DestinationConnectionString (PostgreSQL), one of them."),
                "DestinationRequired",
                ErrorCategory.InvalidArgument,
                null);
        }

        var target = new SettingsOverrides
        {
            StorePath = string.IsNullOrEmpty(DestinationPath) ? null : ResolvePath(DestinationPath!),
            StoreConnectionString = DestinationConnectionString,
            StoreUserName = DestinationCredential?.UserName,
            StorePassword = DestinationCredential?.Password,
        }.ApplyTo(new RfqSenderSettings()).EffectiveStore;

        try
        {
            using var runtime = OpenExistingStore();
            if (runtime is null)
            {
                return;
            }

            var source = runtime.OpenExistingStore();
            var numbers = _numbers.Count > 0
                ? _numbers.Distinct(StringComparer.Ordinal).ToList()
                : source.GetCampaignsAsync(null, CancellationToken.None).GetAwaiter().GetResult().Select(c => c.RfqNumber).ToList();
            var targetName = target.ToString();
            var confirmed = numbers.Where(n => ShouldProcess($"campaign {n} to {targetName}", "Copy")).ToList();
            if (confirmed.Count == 0)
            {
                return;
            }

            // Written here, on the pipeline's thread, once each campaign is whole.
            foreach (var result in runtime.CopyToAsync(target, confirmed, onCopied: null, CancellationToken.None).GetAwaiter().GetResult())
            {
                WriteObject(result);
            }
        }
        catch (RfqSenderException ex)
        {
            WriteError(EngineErrors.Record(ex, StorePath));
        }
    }
}
