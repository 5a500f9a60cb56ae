using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Vendors;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Reads and validates vendors from CSV, YAML or JSON files, or from pipeline objects.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RfqVendor", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Vendor))]
public sealed class GetRfqVendorCommand : RfqCmdlet
{
    private const string PathSet = "Path";
    private const string InputSet = "InputObject";
    private readonly List<VendorRecord> _records = new();

    /// <summary>Vendor files (.csv, .tsv, .txt, .yaml, .yml, .json).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Vendor rows from the pipeline, e.g. from Import-Csv.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Only vendors in any of these categories.</summary>
    [Parameter]
    [Alias("Group", "Tag")]
    public string[]? Category { get; set; }

    /// <summary>Report invalid rows as errors but still output the valid vendors.</summary>
    [Parameter]
    public SwitchParameter SkipInvalid { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            if (InputObject is not null)
            {
                _records.Add(PSObjectConverter.ToVendorRecord(InputObject, $"pipeline item {_records.Count + 1}"));
            }

            return;
        }

        foreach (var path in Path)
        {
            VendorReadResult result;
            try
            {
                result = VendorFileReader.Read(ResolvePath(path), Options());
            }
            catch (RfqSenderException ex)
            {
                WriteError(Error(ex, "VendorFileUnreadable", ErrorCategory.ReadError, path));
                continue;
            }

            WriteResult(result);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (ParameterSetName == InputSet)
        {
            WriteResult(VendorRecordMapper.Map(_records, Options()));
        }
    }

    private VendorReadOptions Options() => new() { Categories = Category };

    private void WriteResult(VendorReadResult result)
    {
        foreach (var error in result.Errors)
        {
            WriteError(Error(new RfqSenderException(error.ToString()), "VendorInputInvalid", ErrorCategory.InvalidData, error));
        }

        if (result.Errors.Count > 0 && !SkipInvalid)
        {
            WriteWarning($"{result.Errors.Count} invalid vendor record(s): no vendor of this input is output. Fix them, or use -SkipInvalid to output the valid ones.");
            return;
        }

        foreach (var vendor in result.Vendors)
        {
            WriteObject(vendor);
        }
    }
}
