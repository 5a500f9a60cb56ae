using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Reporting;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes a campaign's report: one self-contained HTML page a buyer can open, print or forward, or the same figures as CSV or JSON.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "RfqReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportRfqReportCommand : RfqStoreCmdlet
{
    /// <summary>The campaign; binds from the Number of an Rfq object or the RfqNumber of a campaign or delivery.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The file to write. Its folder must exist.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Html (the default, unless -Path ends in .csv or .json), Csv (a row per vendor) or Json (the whole report).</summary>
    [Parameter]
    public ReportFormat Format { get; set; }

    /// <summary>Refuse to replace a file that exists.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Write the file written (a FileInfo) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = ResolvePath(Path);
        var format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : CampaignReportWriter.FormatOf(path);
        if (!ShouldProcess(path, $"Write the {format} report of {RfqNumber}"))
        {
            return;
        }

        try
        {
            using var runtime = OpenExistingStore();
            if (runtime is null)
            {
                return;
            }

            var written = runtime.ExportReportAsync(RfqNumber, path, format, overwrite: !NoClobber, CancellationToken.None).GetAwaiter().GetResult();
            WriteVerbose($"The {format} report of {RfqNumber} is in {written}.");
            if (PassThru)
            {
                WriteObject(new FileInfo(written));
            }
        }
        catch (CampaignNotFoundException ex)
        {
            WriteError(EngineErrors.Record(ex, RfqNumber));
        }
        catch (RfqSenderException ex)
        {
            WriteError(EngineErrors.Record(ex, ex.Kind == FailureKind.InvalidInput ? path : StorePath));
        }
    }
}
