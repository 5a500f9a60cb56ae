namespace RfqSender.Engine.Rfqs;

/// <summary>Size limits for the attachments of an RFQ, checked before anything is sent.</summary>
public sealed class AttachmentLimits
{
    /// <summary>One mebibyte (1,048,576 bytes).</summary>
    public const long MiB = 1024 * 1024;

    /// <summary>Largest size of one attachment (after optional compression); 20 MiB by default.</summary>
    public long MaxFileBytes { get; set; } = 20 * MiB;

    /// <summary>
    /// Largest total size of the attachments once encoded for e-mail (base64 adds about a third, plus
    /// part headers); 25 MiB by default, what common providers accept for a whole message.
    /// </summary>
    public long MaxMessageBytes { get; set; } = 25 * MiB;

    /// <summary>Files larger than this are sent zipped when zipping makes them smaller; null (the default) never zips.</summary>
    public long? CompressAboveBytes { get; set; }

    /// <summary>The defaults: 20 MiB per file, 25 MiB per message, no compression.</summary>
    public static AttachmentLimits Default => new();
}
