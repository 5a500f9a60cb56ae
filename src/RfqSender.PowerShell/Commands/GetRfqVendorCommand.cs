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
    private VendorReadOptions? _options;

    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputSet = "InputObject";
    private PipelineVendors? _pipeline;

    /// <summary>Vendor files (.csv, .tsv, .txt, .yaml, .yml, .json); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Vendor files, taken literally (no wildcards); binds from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Vendor rows from the pipeline (Import-Csv rows, hashtables, objects), or files from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Only vendors in any of these categories.</summary>
    [Parameter]
    [Alias("Group", "Tag")]
    public string[]? Category { get; set; }

    /// <summary>Report invalid rows as errors but still output the valid vendors.</summary>
    [Parameter]
    public SwitchParameter SkipInvalid { get; set; }

    /// <summary>The files' text encoding (utf8, windows-1252, unicode, ...); detected when not given.</summary>
    [Parameter]
    public string? Encoding { get; set; }

    /// <summary>The CSV delimiter (, ; | or tab); detected from the header line when not given.</summary>
    [Parameter]
    public string? Delimiter { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            _options = VendorFileOptionNames.Options(Category, Encoding, Delimiter);
        }
        catch (RfqSenderException ex)
        {
            ThrowTerminatingError(Error(ex, "SettingsInvalid", ErrorCategory.InvalidArgument, Encoding ?? Delimiter));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet:
                foreach (var file in Path.SelectMany(ResolveWildcardPath))
                {
                    ReadFile(file);
                }

                break;
            case LiteralPathSet:
                foreach (var path in LiteralPath)
                {
                    ReadFile(ResolvePath(path));
                }

                break;
            default:
                AddInput();
                break;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_pipeline is not null)
        {
            WriteResult(_pipeline.Build());
        }
    }

    private void AddInput()
    {
        if (InputObject is null)
        {
            return;
        }

        // Get-ChildItem output binds here too: PowerShell tries whole-object binding first.
        if (InputObject.BaseObject is FileInfo file)
        {
            ReadFile(file.FullName);
            return;
        }

        _pipeline ??= new PipelineVendors(Options());
        _pipeline.Add(InputObject);
    }

    /// <summary>Streams the file's vendors (a CSV file is never held whole) after every row was checked.</summary>
    private void ReadFile(string path)
    {
        try
        {
            var scan = VendorFileReader.Scan(path, Options());
            if (WriteErrors(scan.Errors))
            {
                foreach (var vendor in scan.Vendors())
                {
                    WriteObject(vendor);
                }
            }
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, "VendorFileUnreadable", ErrorCategory.ReadError, path));
        }
    }

    private VendorReadOptions Options() => _options ?? new VendorReadOptions { Categories = Category };

    private void WriteResult(VendorReadResult result)
    {
        if (WriteErrors(result.Errors))
        {
            foreach (var vendor in result.Vendors)
            {
                WriteObject(vendor);
            }
        }
    }

    /// <summary>Writes every error of an input; returns true when its valid vendors are to be output.</summary>
    private bool WriteErrors(IReadOnlyList<VendorInputError> errors)
    {
        foreach (var error in errors)
        {
            WriteError(Error(new RfqSenderException(error.ToString()), "VendorInputInvalid", ErrorCategory.InvalidData, error));
        }

        if (errors.Count > 0 && !SkipInvalid)
        {
            WriteWarning($"{errors.Count} invalid vendor record(s): no vendor of this input is output. Fix them, or use -SkipInvalid to output the valid ones.");
            return false;
        }

        return true;
    }
}
