namespace RfqSender.Engine.Responses.Sources;

/// <summary>Opens the source that settings describe: the one place that knows every kind of source.</summary>
public static class ReplySourceFactory
{
    /// <summary>The source; nothing is connected before it is read.</summary>
    /// <exception cref="RfqSenderException">The settings are incomplete.</exception>
    public static IReplySource Create(ReplySourceSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        switch (settings.Kind)
        {
            case ReplySourceKind.Folder:
                if (string.IsNullOrWhiteSpace(settings.Path))
                {
                    throw new RfqSenderException(FailureKind.InvalidInput, "A folder source needs the folder of .eml files to read.");
                }

                return new FolderReplySource(settings.Path!, settings.Recursive);
            case ReplySourceKind.Imap:
                return new ImapReplySource(settings);
            case ReplySourceKind.Graph:
                return new GraphReplySource(settings);
            default:
                throw new RfqSenderException(FailureKind.Configuration, $"Reading replies from {settings.Kind} is not available yet.");
        }
    }
}
