using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Sends vendors as they stream in (a PowerShell pipeline): each one is validated on arrival,
/// collected into a batch, and the batch is sent when full. After the first invalid vendor nothing
/// more is sent (unless invalid vendors are to be skipped), but the rest of the input is still
/// validated, so one run reports every invalid vendor. Batches sent before it stay tracked; a
/// re-run after the fix sends only what is still due. A vendor whose key an earlier vendor of the
/// input already has under another name is invalid too (it would be merged into that company).
/// </summary>
public sealed class StreamingVendorSend
{
    private readonly RfqSendSession _session;
    private readonly bool _skipInvalid;
    private readonly int _batchSize;
    private readonly VendorCategoryFilter _filter;
    private readonly MergedVendorList _pending = new();
    private readonly List<VendorInputError> _errors = new();
    private readonly VendorKeyOwners _owners = new();

    /// <summary>Creates the stream over a session.</summary>
    public StreamingVendorSend(RfqSendSession session, int batchSize, bool skipInvalid, VendorReadOptions? options = null)
    {
        _session = session;
        _batchSize = batchSize;
        _skipInvalid = skipInvalid;
        _filter = VendorCategoryFilter.Of(options);
    }

    /// <summary>Every invalid vendor seen so far.</summary>
    public IReadOnlyList<VendorInputError> Errors => _errors;

    /// <summary>True once an invalid vendor stopped the sending (only when invalid vendors are not skipped).</summary>
    public bool Halted => _errors.Count > 0 && !_skipInvalid;

    /// <summary>Valid vendors received but not sent because the input was halted.</summary>
    public int HeldBack { get; private set; }

    /// <summary>Vendors received and waiting in the current batch: not registered yet.</summary>
    public int Pending => _pending.Count;

    /// <summary>True when a full batch is waiting for <see cref="FlushAsync"/>.</summary>
    public bool BatchReady => !Halted && _pending.Count > _batchSize;

    /// <summary>
    /// Turns a raw record into a vendor, or returns why it is invalid, including a key that an
    /// earlier vendor of this input has under another name (see <see cref="Check"/>).
    /// </summary>
    public VendorMappingResult Map(VendorRecord record)
    {
        var mapped = VendorRecordMapper.MapOne(record);
        return mapped.Vendor is { } vendor ? Claim(vendor, record) : mapped;
    }

    /// <summary>
    /// Accepts a vendor that is already one (e.g. from Get-RfqVendor), or returns the error when an
    /// earlier vendor of this input has its key under another name. Every vendor received must pass
    /// through this or <see cref="Map"/> before <see cref="Add"/>, whether or not it is selected.
    /// </summary>
    public VendorMappingResult Check(Vendor vendor) => Claim(vendor ?? throw new ArgumentNullException(nameof(vendor)), null);

    /// <summary>
    /// True when the vendor passes the category filter (always, without one). <see cref="TakeBatch"/>
    /// applies it to the merged vendors, so every vendor received goes to <see cref="Add"/>.
    /// </summary>
    public bool Selects(Vendor vendor) => _filter.Selects(vendor);

    /// <summary>Accepts a valid vendor into the current batch, merged with a pending one of its key; the category filter applies when the batch is taken.</summary>
    public void Add(Vendor vendor)
    {
        if (Halted)
        {
            HeldBack++;
            return;
        }

        _pending.Add(vendor);
    }

    private VendorMappingResult Claim(Vendor vendor, VendorRecord? record) =>
        _owners.Claim(vendor, record) is { } conflict
            ? new VendorMappingResult(null, new[] { conflict })
            : new VendorMappingResult(vendor, Array.Empty<VendorInputError>());

    /// <summary>Records invalid input. Unless invalid vendors are skipped, the pending batch is held back.</summary>
    public void Reject(IEnumerable<VendorInputError> errors)
    {
        _errors.AddRange(errors);
        if (Halted && _pending.Count > 0)
        {
            HeldBack += _pending.Count;
            _pending.Clear();
        }
    }

    /// <summary>The session the vendors are sent through.</summary>
    public RfqSendSession Session => _session;

    /// <summary>
    /// Takes the vendors ready to send that pass the category filter (none when halted). Unless <paramref name="final"/>, the last
    /// vendor stays pending: input that lists a vendor's contacts on consecutive rows must not have
    /// the vendor sent before its last row has arrived.
    /// </summary>
    public IReadOnlyList<Vendor> TakeBatch(bool final)
    {
        var count = final ? _pending.Count : _pending.Count - 1;
        if (Halted || count <= 0)
        {
            return Array.Empty<Vendor>();
        }

        return _pending.TakeFirst(count).Where(_filter.Selects).ToList();
    }

    /// <summary>Takes the ready vendors (see <see cref="TakeBatch"/>) and sends them.</summary>
    public async Task FlushAsync(bool final, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        var batch = TakeBatch(final);
        if (batch.Count == 0)
        {
            return;
        }

        await _session.SendVendorsAsync(batch, onResult, cancellationToken).ConfigureAwait(false);
    }
}
