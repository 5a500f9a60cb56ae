namespace RfqSender.Engine.Rfqs;

/// <summary>An attachment being prepared: its file, its size, and its zipped bytes when zipping made it smaller.</summary>
internal sealed class AttachmentCandidate
{
    public AttachmentCandidate(RfqAttachment attachment, long length)
    {
        Attachment = attachment;
        Length = length;
    }

    public RfqAttachment Attachment { get; }

    public long Length { get; }

    public byte[]? Zipped { get; set; }

    public long SentLength => Zipped?.LongLength ?? Length;

    public string SentFileName => Zipped is null ? Attachment.FileName : Attachment.FileName + ".zip";
}
