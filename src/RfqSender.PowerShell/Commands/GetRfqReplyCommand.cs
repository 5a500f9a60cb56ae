using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the replies, bounces and auto-replies read into a store: per vendor what it answered (with the quote files), why a message bounced, who is away, and the messages no vendor matched.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RfqReply", DefaultParameterSetName = CampaignSet)]
[OutputType(typeof(InboundRecord))]
public sealed class GetRfqReplyCommand : RfqStoreCmdlet
{
    private const string CampaignSet = "Campaign";
    private const string UnmatchedSet = "Unmatched";
    private const string IdSet = "Id";

    private readonly HashSet<long> _written = new();

    /// <summary>The campaign; binds from RfqNumber and Number.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = CampaignSet)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string? RfqNumber { get; set; }

    /// <summary>Only these vendors; binds from VendorKey.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = CampaignSet)]
    [Alias("Key", "VendorId")]
    [ValidateNotNullOrEmpty]
    public string[]? VendorKey { get; set; }

    /// <summary>Only the messages no delivery (or several) matched, to assign with Set-RfqReply.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UnmatchedSet)]
    public SwitchParameter Unmatched { get; set; }

    /// <summary>Only these messages, by the Id the store gave them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    public long[] Id { get; set; } = Array.Empty<long>();

    /// <summary>Only messages of these kinds: Reply, AutoReply, Bounce, MailingList.</summary>
    [Parameter]
    public ReplyKind[]? Kind { get; set; }

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

            var store = runtime.OpenExistingStore();
            if (RfqNumber is not null && store.GetCampaignsAsync(RfqNumber, CancellationToken.None).GetAwaiter().GetResult().Count == 0)
            {
                WriteCampaignNotFound(RfqNumber, store);
                return;
            }

            var queries = ParameterSetName == IdSet
                ? Id.Select(id => new InboundQuery { Id = id, Kinds = Kind })
                : new[]
                {
                    new InboundQuery
                    {
                        RfqNumber = RfqNumber,
                        VendorKeys = VendorKey,
                        Kinds = Kind,
                        Matched = Unmatched ? false : null,
                    },
                };
            foreach (var query in queries)
            {
                var found = runtime.GetRepliesAsync(query, CancellationToken.None).GetAwaiter().GetResult();
                if (found.Count == 0 && query.Id is long id)
                {
                    WriteError(Error(new ItemNotFoundException($"The store '{store.Description}' holds no reply #{id}."), "ReplyNotFound", ErrorCategory.ObjectNotFound, id));
                }

                foreach (var reply in found.Where(r => _written.Add(r.Id)))
                {
                    WriteObject(reply);
                }
            }
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, "StoreUnavailable", ErrorCategory.ResourceUnavailable, StorePath));
        }
    }
}
