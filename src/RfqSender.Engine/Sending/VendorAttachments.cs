using System.Collections.Concurrent;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Files a vendor gets besides the RFQ's own: the paths in one of its fields (e.g. a column
/// <c>Attachments</c> holding <c>drawings/v001.pdf; terms-de.pdf</c>, separated by <c>;</c>),
/// relative to the current folder. Each is checked before anything is sent (a regular file within
/// the per-file limit, a name no other attachment has, the message within the per-message limit)
/// and encoded once, however many vendors share it.
/// </summary>
internal sealed class VendorAttachments
{
    private readonly string _field;
    private readonly IReadOnlyList<EncodedAttachment> _shared;
    private readonly AttachmentLimits _limits;
    private readonly ConcurrentDictionary<string, EncodedAttachment> _encoded = new(StringComparer.Ordinal);

    public VendorAttachments(string field, IReadOnlyList<EncodedAttachment> shared, AttachmentLimits? limits)
    {
        _field = field;
        _shared = shared;
        _limits = limits ?? AttachmentLimits.Default;
    }

    /// <summary>Why the vendor's files cannot be sent, one line each; empty when they can (or it names none).</summary>
    public IEnumerable<string> Check(Vendor vendor)
    {
        var names = new HashSet<string>(_shared.Select(a => a.FileName), StringComparer.OrdinalIgnoreCase);
        long total = _shared.Sum(a => a.EncodedLength);
        foreach (var path in Paths(vendor))
        {
            var where = $"vendor '{vendor.Name}' [{vendor.Key}], field '{_field}': the file '{path}'";
            var full = Path.GetFullPath(path);
            if (RegularFile.Check(full, _limits.MaxFileBytes, out var length) is { } problem)
            {
                yield return $"{where} {problem} {RfqDraftValidator.Where(problem, full)}";
                continue;
            }

            if (!names.Add(Path.GetFileName(full)))
            {
                yield return $"{where}: another attachment of the message is named '{Path.GetFileName(full)}'; vendors could not tell them apart";
            }

            total += AttachmentPreparer.EstimateEncodedBytes(length);
        }

        if (total > _limits.MaxMessageBytes)
        {
            yield return $"vendor '{vendor.Name}' [{vendor.Key}]: its attachments together are {RegularFile.Size(total)} once encoded; the limit per message is {RegularFile.Size(_limits.MaxMessageBytes)}";
        }
    }

    /// <summary>The RFQ's attachments and the vendor's, encoded (each file once for the whole send).</summary>
    /// <exception cref="RfqSenderException">A file of the vendor cannot be read.</exception>
    public IReadOnlyList<EncodedAttachment> For(Vendor vendor)
    {
        var paths = Paths(vendor).ToList();
        if (paths.Count == 0)
        {
            return _shared;
        }

        var all = new List<EncodedAttachment>(_shared);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            try
            {
                all.Add(_encoded.GetOrAdd(full, f => EncodedAttachment.FromFile(f, Path.GetFileName(f), MediaTypeMap.FromFileName(f))));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RfqSenderException(FailureKind.InvalidInput, $"vendor '{vendor.Name}' [{vendor.Key}], field '{_field}': the file '{path}' cannot be read: {ex.Message}", ex);
            }
        }

        return all;
    }

    private IEnumerable<string> Paths(Vendor vendor) =>
        vendor.Fields.TryGetValue(_field, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Split(new[] { ';', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0)
            : Enumerable.Empty<string>();
}
