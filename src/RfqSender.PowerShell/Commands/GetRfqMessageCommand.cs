using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Vendors;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Renders the message a vendor would get for an RFQ, exactly as a send would, and optionally writes it as an .eml file; nothing is sent or recorded.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RfqMessage", DefaultParameterSetName = RfqPathSet)]
[OutputType(typeof(RfqMessage))]
public sealed class GetRfqMessageCommand : RfqCmdlet
{
    private const string RfqPathSet = "RfqPath";
    private const string RfqObjectSet = "Rfq";

    private RfqMessageRenderer? _renderer;
    private PipelineVendors? _pipeline;

    /// <summary>A vendor: an Import-Csv row, a hashtable, a custom object, or a vendor from Get-RfqVendor.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The RFQ definition file (YAML).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RfqPathSet)]
    [ValidateNotNullOrEmpty]
    public string RfqPath { get; set; } = string.Empty;

    /// <summary>An RFQ from New-Rfq or Import-Rfq.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RfqObjectSet)]
    [ValidateNotNull]
    [DeserializedRfqTransformation]
    public Rfq? Rfq { get; set; }

    /// <summary>A vendor file (CSV, YAML or JSON) to take the vendors from.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? VendorPath { get; set; }

    /// <summary>Only these vendors of the input, by key or by name.</summary>
    [Parameter]
    [Alias("VendorKey")]
    [ValidateNotNullOrEmpty]
    public string[]? Vendor { get; set; }

    /// <summary>Write each message as an .eml file: a file path (one message), or an existing folder (one file per vendor).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Show the message as sent from this address (Send-Rfq -From).</summary>
    [Parameter]
    public string? From { get; set; }

    /// <summary>Show the message with these archive Cc addresses (Send-Rfq -Cc).</summary>
    [Parameter]
    public string[]? Cc { get; set; }

    /// <summary>Show the message with these archive Bcc addresses (Send-Rfq -Bcc): in the Bcc property, in no header.</summary>
    [Parameter]
    public string[]? Bcc { get; set; }

    /// <summary>Show each vendor's own files from this column too (Send-Rfq -VendorAttachmentField).</summary>
    [Parameter]
    public string? VendorAttachmentField { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        object? target = ParameterSetName == RfqObjectSet ? Rfq : RfqPath;
        try
        {
            var rfq = ParameterSetName == RfqObjectSet ? Rfq! : RfqFileLoader.Load(ResolvePath(RfqPath));
            target = rfq;
            if (!string.IsNullOrWhiteSpace(From))
            {
                rfq = rfq.WithFrom(MailboxAddressList.ParseOne(From!, "-From"));
            }

            // The message as a run with the same options would send it.
            _renderer = RfqMessageRenderer.Create(rfq, vendorAttachmentField: VendorAttachmentField, archiveCc: MailboxAddressList.Parse(Cc, "-Cc"), archiveBcc: MailboxAddressList.Parse(Bcc, "-Bcc"));
        }
        catch (RfqSenderException ex)
        {
            Fail(ex, ErrorIdOf(ex), ErrorCategory.InvalidData, target);
        }

        if (!MyInvocation.ExpectingInput && string.IsNullOrEmpty(VendorPath) && InputObject is null)
        {
            Fail(
                new ArgumentException("Get-RfqMessage needs vendors: pipe them in (Import-Csv, Get-RfqVendor) or name a file with -VendorPath."),
                "VendorMissing",
                ErrorCategory.InvalidArgument,
                null);
        }

        _pipeline = new PipelineVendors(null);
    }

    /// <inheritdoc />
    protected override void ProcessRecord() => _pipeline?.Add(InputObject);

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_renderer is null || _pipeline is null)
        {
            return;
        }

        var vendors = new List<Vendor>();
        Collect(_pipeline.Build(), null, vendors);
        if (!string.IsNullOrEmpty(VendorPath))
        {
            var file = ResolvePath(VendorPath!);
            try
            {
                Collect(VendorFileReader.Read(file), file, vendors);
            }
            catch (RfqSenderException ex)
            {
                Fail(ex, "VendorFileUnreadable", ErrorCategory.ReadError, file);
            }
        }

        IReadOnlyList<Vendor> selected = vendors;
        if (Vendor is { Length: > 0 })
        {
            selected = VendorLookup.Find(vendors, Vendor, out var notFound);
            foreach (var missing in notFound)
            {
                WriteError(Error(
                    new ItemNotFoundException($"No vendor with the key or name '{missing}' in the input ({vendors.Count} vendor(s))."),
                    "VendorNotFound",
                    ErrorCategory.ObjectNotFound,
                    missing));
            }
        }

        string? path = null;
        if (!string.IsNullOrEmpty(Path))
        {
            path = ResolvePath(Path!);
            if (selected.Count > 1 && !Directory.Exists(path))
            {
                Fail(
                    new ArgumentException($"-Path names the file '{path}', but {selected.Count} messages are rendered: name an existing folder to get one .eml file per vendor, or choose one vendor with -Vendor."),
                    "PathNotAFolder",
                    ErrorCategory.InvalidArgument,
                    path);
            }
        }

        var now = DateTimeOffset.Now;
        foreach (var vendor in selected)
        {
            try
            {
                var message = _renderer.Preview(vendor, now, path);
                if (message.Path is not null)
                {
                    WriteVerbose($"{vendor}: written to {message.Path}");
                }

                WriteObject(message);
            }
            catch (RfqSenderException ex)
            {
                WriteError(Error(ex, ErrorIdOf(ex), ex is TemplateException or TemplateFieldException ? ErrorCategory.InvalidData : ErrorCategory.WriteError, vendor));
            }
        }
    }

    private static string ErrorIdOf(RfqSenderException exception) => exception switch
    {
        RfqDefinitionException => "RfqDefinitionInvalid",
        TemplateException or TemplateFieldException => "TemplateInvalid",
        AttachmentException => "AttachmentInvalid",
        _ => "MessageNotWritten",
    };

    private void Collect(VendorReadResult result, string? file, List<Vendor> vendors)
    {
        foreach (var error in result.Errors)
        {
            WriteError(Error(new RfqSenderException(error.ToString()), "VendorInputInvalid", ErrorCategory.InvalidData, (object?)file ?? error));
        }

        vendors.AddRange(result.Vendors);
    }
}
