using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Quotes;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the quotes that vendors' filled-in quote sheets brought back: one row per vendor and item, the lowest price marked, and the sheets that need review; or writes the comparison as a workbook.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RfqQuote", DefaultParameterSetName = "Rows")]
[OutputType(typeof(QuoteRow), ParameterSetName = new[] { "Rows" })]
[OutputType(typeof(FileInfo), ParameterSetName = new[] { "Comparison" })]
public sealed class GetRfqQuoteCommand : RfqStoreCmdlet
{
    /// <summary>The campaign; binds from the Number of an Rfq object or the RfqNumber of a campaign or delivery.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>Only these vendors' quotes (the lowest mark still compares every vendor).</summary>
    [Parameter(ParameterSetName = "Rows")]
    [Alias("Key")]
    [ValidateNotNullOrEmpty]
    public string[]? VendorKey { get; set; }

    /// <summary>Only the sheets that need review, one row per problem.</summary>
    [Parameter(ParameterSetName = "Rows")]
    public SwitchParameter NeedsReview { get; set; }

    /// <summary>Write the item × vendor comparison to this workbook (.xlsx) instead, and output the file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Comparison")]
    [ValidateNotNullOrEmpty]
    public string ComparisonPath { get; set; } = string.Empty;

    /// <summary>With -ComparisonPath, refuse to replace a file that exists.</summary>
    [Parameter(ParameterSetName = "Comparison")]
    public SwitchParameter NoClobber { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            using var runtime = OpenExistingStore();
            if (runtime is null)
            {
                return;
            }

            if (ParameterSetName == "Comparison")
            {
                var path = ResolvePath(ComparisonPath);
                var written = runtime.ExportQuoteComparisonAsync(RfqNumber, path, overwrite: !NoClobber, CancellationToken.None).GetAwaiter().GetResult();
                WriteObject(new FileInfo(written));
                return;
            }

            foreach (var row in runtime.GetQuoteRowsAsync(RfqNumber, VendorKey, CancellationToken.None).GetAwaiter().GetResult())
            {
                if (!NeedsReview || row.Status == QuoteStatus.NeedsReview)
                {
                    WriteObject(row);
                }
            }
        }
        catch (CampaignNotFoundException ex)
        {
            WriteError(EngineErrors.Record(ex, RfqNumber));
        }
        catch (RfqSenderException ex)
        {
            WriteError(EngineErrors.Record(ex, ex.Kind == FailureKind.InvalidInput ? ComparisonPath : StorePath));
        }
    }
}
