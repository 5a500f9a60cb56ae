using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Loads and validates an RFQ definition file (YAML).</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Rfq")]
[OutputType(typeof(Rfq))]
public sealed class ImportRfqCommand : RfqCmdlet
{
    /// <summary>RFQ files (YAML).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var path in Path)
        {
            try
            {
                WriteObject(RfqFileLoader.Load(ResolvePath(path)));
            }
            catch (RfqDefinitionException ex)
            {
                WriteError(Error(ex, "RfqDefinitionInvalid", ErrorCategory.InvalidData, path));
            }
            catch (RfqSenderException ex)
            {
                WriteError(Error(ex, "RfqFileUnreadable", ErrorCategory.ReadError, path));
            }
        }
    }
}
