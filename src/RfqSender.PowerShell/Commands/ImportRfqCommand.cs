using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Loads and validates an RFQ definition file (YAML).</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Rfq", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Rfq))]
public sealed class ImportRfqCommand : RfqCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>RFQ files (YAML); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>RFQ files, taken literally; binds from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var files = ParameterSetName == LiteralPathSet
            ? LiteralPath.Select(ResolvePath)
            : Path.SelectMany(ResolveWildcardPath);
        foreach (var file in files)
        {
            if (!File.Exists(file) && !Directory.Exists(file))
            {
                // As -Path reports a file that is not there, whichever parameter named it.
                WriteError(Error(new ItemNotFoundException($"Cannot find path '{file}' because it does not exist."), "PathNotFound", ErrorCategory.ObjectNotFound, file));
                continue;
            }

            try
            {
                WriteObject(RfqFileLoader.Load(file));
            }
            catch (RfqDefinitionException ex)
            {
                WriteError(Error(ex, "RfqDefinitionInvalid", ErrorCategory.InvalidData, file));
            }
            catch (RfqSenderException ex)
            {
                WriteError(Error(ex, "RfqFileUnreadable", ErrorCategory.ReadError, file));
            }
        }
    }
}
