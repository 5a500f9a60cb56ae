using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Responses.Sources;

/// <summary>The folder source passes the corpus contract, and what only it does: its file ids, that it never changes the folder.</summary>
public sealed class FolderReplySourceCorpusTests : ReplySourceCorpusContract
{
    protected override Func<IReplySource> Mailbox(IReadOnlyList<string> corpusFiles)
    {
        var folder = Temp.Combine("mailbox");
        Directory.CreateDirectory(folder);
        foreach (var file in corpusFiles)
        {
            File.Copy(Path.Combine(ResponseCorpus.Folder, file), Path.Combine(folder, file));
        }

        return () => new FolderReplySource(folder);
    }

    [Fact]
    public async Task The_folder_is_never_changed_and_its_files_are_known_by_their_relative_paths()
    {
        var folder = Temp.Combine("mailbox");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.Copy(Path.Combine(ResponseCorpus.Folder, "01-outlook-desktop-reply.eml"), Path.Combine(folder, "b.eml"));
        File.Copy(Path.Combine(ResponseCorpus.Folder, "02-owa-reply.eml"), Path.Combine(folder, "a.eml"));
        File.Copy(Path.Combine(ResponseCorpus.Folder, "03-gmail-reply.eml"), Path.Combine(folder, "sub", "c.eml"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a message");
        var before = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => (f, File.GetLastWriteTimeUtc(f), new FileInfo(f).Length)).OrderBy(x => x.f).ToList();
        using var store = OpenStore();

        var flat = await ReadIdsAsync(new FolderReplySource(folder), store);
        var deep = await ReadIdsAsync(new FolderReplySource(folder, recursive: true), store);

        Assert.Equal(new[] { "a.eml", "b.eml" }, flat);
        Assert.Equal(new[] { "a.eml", "b.eml", "sub/c.eml" }, deep);
        Assert.Equal("folder:" + Path.GetFullPath(folder), new FolderReplySource(folder).Name);
        Assert.Equal(new FolderReplySource(folder).Name, new FolderReplySource(folder + Path.DirectorySeparatorChar).Name);
        Assert.Equal(flat, await ReadIdsAsync(new FolderReplySource(folder + Path.DirectorySeparatorChar + "." + Path.DirectorySeparatorChar), store));
        Assert.Equal(before, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => (f, File.GetLastWriteTimeUtc(f), new FileInfo(f).Length)).OrderBy(x => x.f).ToList());
    }

    [Fact]
    public async Task A_missing_folder_is_a_clear_error()
    {
        using var store = OpenStore();
        var ex = await Assert.ThrowsAsync<RfqSenderException>(() => ReadIdsAsync(new FolderReplySource(Temp.Combine("nowhere")), store));
        Assert.Contains("does not exist", ex.Message);
        Assert.Equal(FailureKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public async Task An_unreadable_file_is_counted_and_read_again_next_time()
    {
        var folder = Temp.Combine("mailbox");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "empty.eml"), Array.Empty<byte>());
        using var store = OpenStore();

        var received = new List<ReceivedReply>();
        var first = await new ReplyReceiver(store, Options).ReceiveAsync(new FolderReplySource(folder), received.Add, CancellationToken.None);
        var second = await new ReplyReceiver(store, Options).ReceiveAsync(new FolderReplySource(folder), null, CancellationToken.None);

        Assert.Equal((1, 0, 1), (first.Read, first.Recorded, first.Unreadable));
        Assert.Equal(1, second.Unreadable);
        Assert.Contains("empty.eml", received.Single().Problem);
        Assert.Null(received.Single().Record);
    }

    [Fact]
    public async Task The_same_messages_in_another_folder_are_known_by_their_message_ids()
    {
        var open = Mailbox(AllFiles);
        using var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        await new ReplyReceiver(store, Options).ReceiveAsync(open(), null, CancellationToken.None);
        var copy = Temp.Combine("copy");
        Directory.CreateDirectory(copy);
        foreach (var file in AllFiles)
        {
            File.Copy(Path.Combine(ResponseCorpus.Folder, file), Path.Combine(copy, "copy-" + file));
        }

        var again = await new ReplyReceiver(store, Options).ReceiveAsync(new FolderReplySource(copy), null, CancellationToken.None);

        var withoutId = AllFiles.Count(f => ResponseCorpus.Load(f).MessageId is null);
        Assert.Equal((AllFiles.Count, AllFiles.Count - withoutId, withoutId, 0), (again.Read, again.AlreadyRecorded, again.Recorded, again.DeliveriesChanged));
    }

    private static async Task<List<string>> ReadIdsAsync(IReplySource source, IInboundStore store)
    {
        var ids = new List<string>();
        await foreach (var message in source.ReadAsync(store, CancellationToken.None))
        {
            ids.Add(message.SourceId);
        }

        return ids;
    }
}
