using System.Globalization;
using System.IO.Compression;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Rfqs;

/// <summary>
/// Checks the attachments of an RFQ up front (each exists and can be read, each is within the
/// per-file limit, all together fit in a message), optionally zips large ones, and encodes them once
/// for the whole send.
/// </summary>
public static class AttachmentPreparer
{
    /// <summary>Room for an attachment's MIME part headers and boundary line.</summary>
    private const long PartOverheadBytes = 400;

    /// <summary>Checks, optionally compresses and encodes the attachments of an RFQ.</summary>
    /// <exception cref="AttachmentException">Lists every missing, unreadable or too large file.</exception>
    public static PreparedAttachments Prepare(Rfq rfq, AttachmentLimits limits)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        limits ??= AttachmentLimits.Default;
        if (limits.MaxFileBytes <= 0 || limits.MaxMessageBytes <= 0 || limits.CompressAboveBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), "Attachment limits must be positive.");
        }

        var errors = new List<string>();
        var candidates = new List<AttachmentCandidate>();
        foreach (var attachment in rfq.Attachments)
        {
            var length = ReadableLength(attachment, errors);
            if (length is null)
            {
                continue;
            }

            var candidate = new AttachmentCandidate(attachment, length.Value);
            if (limits.CompressAboveBytes is long threshold && length.Value > threshold)
            {
                TryCompress(candidate, errors);
            }

            if (candidate.SentLength > limits.MaxFileBytes)
            {
                var how = candidate.Zipped is null ? string.Empty : $" even zipped (from {Size(candidate.Length)})";
                errors.Add($"'{attachment.FileName}' ({attachment.Path}) is {Size(candidate.SentLength)}{how}; the limit per file is {Size(limits.MaxFileBytes)}");
            }

            candidates.Add(candidate);
        }

        var total = candidates.Sum(c => EstimateEncodedBytes(c.SentLength));
        var bodies = BodyBytes(rfq);
        if (total + bodies > limits.MaxMessageBytes)
        {
            var list = string.Join(", ", candidates.Select(c => $"{c.SentFileName} {Size(c.SentLength)}"));
            errors.Add(candidates.Count == 0
                ? $"the message bodies are {Size(bodies)} once encoded for e-mail; the limit per message is {Size(limits.MaxMessageBytes)}"
                : $"the message is {Size(total + bodies)} once encoded for e-mail (base64 adds a third): bodies {Size(bodies)}, attachments {list}; the limit per message is {Size(limits.MaxMessageBytes)}");
        }

        if (errors.Count > 0)
        {
            throw new AttachmentException(errors);
        }

        var encoded = new List<EncodedAttachment>(candidates.Count);
        foreach (var candidate in candidates)
        {
            try
            {
                encoded.Add(candidate.Zipped is { } zip
                    ? EncodedAttachment.FromBytes(zip, candidate.SentFileName, MediaTypeMap.FromFileName(candidate.SentFileName))
                    : EncodedAttachment.FromFile(candidate.Attachment.Path, candidate.Attachment.FileName, MediaTypeMap.FromFileName(candidate.Attachment.FileName)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add($"'{candidate.Attachment.FileName}' ({candidate.Attachment.Path}) cannot be read: {ex.Message}");
            }
        }

        if (errors.Count > 0)
        {
            throw new AttachmentException(errors);
        }

        return new PreparedAttachments(encoded, candidates.Where(c => c.Zipped is not null).Select(c => c.SentFileName).ToList());
    }

    /// <summary>Size of a file's MIME part: base64 (4 bytes per 3, CRLF every 76 characters) plus part headers.</summary>
    public static long EstimateEncodedBytes(long rawBytes)
    {
        var base64 = (rawBytes + 2) / 3 * 4;
        var lines = (base64 + 75) / 76;
        return base64 + (lines * 2) + PartOverheadBytes;
    }

    /// <summary>What the text and HTML bodies take in a message before their fields are filled in, encoded (a third more).</summary>
    private static long BodyBytes(Rfq rfq)
    {
        long bytes = 0;
        foreach (var body in new[] { rfq.BodyTextTemplate, rfq.BodyHtmlTemplate })
        {
            if (body is not null)
            {
                bytes += EstimateEncodedBytes(System.Text.Encoding.UTF8.GetByteCount(body));
            }
        }

        return bytes;
    }

    private static long? ReadableLength(RfqAttachment attachment, List<string> errors)
    {
        var name = $"'{attachment.FileName}' ({attachment.Path})";
        if (RegularFile.Check(attachment.Path, long.MaxValue, out var length) is { } problem)
        {
            errors.Add($"{name} {problem}");
            return null;
        }

        try
        {
            // A regular file (checked above), so opening it cannot block: this finds a file that is locked or unreadable.
            using var stream = new FileStream(attachment.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return length;
        }
        catch (UnauthorizedAccessException)
        {
            errors.Add($"{name} cannot be read: access is denied");
        }
        catch (IOException ex)
        {
            errors.Add($"{name} cannot be read: {ex.Message}");
        }

        return null;
    }

    private static void TryCompress(AttachmentCandidate candidate, List<string> errors)
    {
        try
        {
            using var output = new MemoryStream();
            using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                var entry = archive.CreateEntry(candidate.Attachment.FileName, CompressionLevel.Optimal);
                using var entryStream = entry.Open();
                using var input = new FileStream(candidate.Attachment.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
                input.CopyTo(entryStream);
            }

            if (output.Length < candidate.Length)
            {
                candidate.Zipped = output.ToArray();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"'{candidate.Attachment.FileName}' ({candidate.Attachment.Path}) cannot be read: {ex.Message}");
        }
    }

    private static string Size(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        }

        if (bytes < AttachmentLimits.MiB)
        {
            return (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB";
        }

        return (bytes / (double)AttachmentLimits.MiB).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
    }
}
