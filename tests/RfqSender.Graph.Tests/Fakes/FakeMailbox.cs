using System.Text;
using System.Text.RegularExpressions;

namespace RfqSender.Graph.Tests.Fakes;

/// <summary>
/// The mail side of one fake Exchange Online mailbox: folders and messages, with a change clock that
/// a delta query reads. A delta round from watermark W, taken as of M, holds the messages added or
/// changed in (W, M] that are still there at M, and a removed entry for those that were there at W
/// and left in (W, M]. Its pages are named by skip tokens, its end by a delta token; both carry the
/// mailbox's token generation, so <see cref="ExpireDeltaTokens"/> makes them unknown (410).
/// </summary>
public sealed class FakeMailbox
{
    private readonly object _lock = new();
    private readonly List<FakeMailItem> _items = new();
    private readonly List<FakeMailFolder> _folders = new()
    {
        new("AAMkFolder-inbox", "Inbox", null, "inbox"),
        new("AAMkFolder-deleteditems", "Deleted Items", null, "deleteditems"),
        new("AAMkFolder-archive", "Archive", null, "archive"),
    };

    private long _clock;
    private int _ids;

    public int Generation { get; private set; } = 1;

    public string InboxId => "AAMkFolder-inbox";

    public FakeMailFolder AddFolder(string displayName, string? parentId = null)
    {
        lock (_lock)
        {
            var folder = new FakeMailFolder("AAMkFolder-" + Guid.NewGuid().ToString("N").Substring(0, 12), displayName, parentId, null);
            _folders.Add(folder);
            return folder;
        }
    }

    /// <summary>The folder an id or a well-known name names, or null.</summary>
    public FakeMailFolder? Folder(string idOrWellKnown)
    {
        lock (_lock)
        {
            return _folders.FirstOrDefault(f => f.Id == idOrWellKnown || string.Equals(f.WellKnownName, idOrWellKnown, StringComparison.OrdinalIgnoreCase));
        }
    }

    public IReadOnlyList<FakeMailFolder> Children(string? parentId, string displayName)
    {
        lock (_lock)
        {
            return _folders.Where(f => f.ParentId == parentId && string.Equals(f.DisplayName, displayName, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }

    public string Add(byte[] mime, string? folderId = null, DateTimeOffset? receivedAt = null)
    {
        lock (_lock)
        {
            var header = Encoding.UTF8.GetString(mime, 0, Math.Min(mime.Length, 64 * 1024));
            var messageId = Regex.Match(header, @"^Message-ID:\s*(<[^>\r\n]+>)", RegexOptions.Multiline | RegexOptions.IgnoreCase);
            var item = new FakeMailItem
            {
                Id = "AAMkAGI2TG93AAA=" + (++_ids).ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + "-_x",
                FolderId = folderId ?? InboxId,
                Mime = mime,
                ReceivedAt = receivedAt ?? new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero).AddMinutes(_ids),
                InternetMessageId = messageId.Success ? messageId.Groups[1].Value : null,
                Seq = ++_clock,
            };
            _items.Add(item);
            return item.Id;
        }
    }

    /// <summary>The messages in a folder now.</summary>
    public IReadOnlyList<FakeMailItem> In(string folderId)
    {
        lock (_lock)
        {
            return _items.Where(i => i.FolderId == folderId && i.RemovedSeq is null).ToList();
        }
    }

    public FakeMailItem? Item(string id)
    {
        lock (_lock)
        {
            return _items.FirstOrDefault(i => i.Id == id && i.RemovedSeq is null);
        }
    }

    /// <summary>Changes a message (as marking it read would): the next delta names it again.</summary>
    public void Touch(string id)
    {
        lock (_lock)
        {
            _items.Single(i => i.Id == id && i.RemovedSeq is null).Seq = ++_clock;
        }
    }

    public void Delete(string id)
    {
        lock (_lock)
        {
            _items.Single(i => i.Id == id && i.RemovedSeq is null).RemovedSeq = ++_clock;
        }
    }

    /// <summary>Moves a message, which gives it a new id in its new folder (as Exchange does); null when there is no such message.</summary>
    public string? Move(string id, string destinationFolderId)
    {
        lock (_lock)
        {
            var item = _items.FirstOrDefault(i => i.Id == id && i.RemovedSeq is null);
            if (item is null)
            {
                return null;
            }

            item.RemovedSeq = ++_clock;
            var moved = new FakeMailItem
            {
                Id = item.Id + "-moved" + _clock.ToString(System.Globalization.CultureInfo.InvariantCulture),
                FolderId = destinationFolderId,
                Mime = item.Mime,
                ReceivedAt = item.ReceivedAt,
                InternetMessageId = item.InternetMessageId,
                Seq = ++_clock,
            };
            _items.Add(moved);
            return moved.Id;
        }
    }

    /// <summary>Graph forgets every sync state: delta and skip tokens issued so far answer 410.</summary>
    public void ExpireDeltaTokens()
    {
        lock (_lock)
        {
            Generation++;
        }
    }

    /// <summary>
    /// One delta page of a folder: for no token the first page of a full read; for a delta token
    /// (<c>gen.M</c>) the first page of the changes after it; for a skip token (<c>gen.W.M.offset</c>)
    /// that page. Null when a token is unknown.
    /// </summary>
    public (IReadOnlyList<FakeMailItem> Changed, IReadOnlyList<string> Removed, string? SkipToken, string? DeltaToken)? Delta(string folderId, string? deltaToken, string? skipToken, int pageSize)
    {
        lock (_lock)
        {
            long since, asOf;
            int offset;
            if (skipToken is not null)
            {
                var parts = skipToken.Split('.');
                if (parts.Length != 4 || parts[0] != Generation.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    return null;
                }

                (since, asOf, offset) = (long.Parse(parts[1]), long.Parse(parts[2]), int.Parse(parts[3]));
            }
            else if (deltaToken is not null)
            {
                var parts = deltaToken.Split('.');
                if (parts.Length != 2 || parts[0] != Generation.ToString(System.Globalization.CultureInfo.InvariantCulture) || !long.TryParse(parts[1], out since))
                {
                    return null;
                }

                (asOf, offset) = (_clock, 0);
            }
            else
            {
                (since, asOf, offset) = (0, _clock, 0);
            }

            var events = _items
                .Where(i => i.FolderId == folderId)
                .Select(i =>
                {
                    var thereAtEnd = i.Seq <= asOf && (i.RemovedSeq is null || i.RemovedSeq > asOf);
                    if (thereAtEnd && i.Seq > since)
                    {
                        return (At: i.Seq, Item: i, Removed: false);
                    }

                    var left = i.Seq <= since && i.RemovedSeq is long removed && removed > since && removed <= asOf;
                    return left ? (At: i.RemovedSeq!.Value, Item: i, Removed: true) : (At: -1L, Item: i, Removed: false);
                })
                .Where(e => e.At > 0)
                .OrderBy(e => e.At)
                .ToList();
            var page = events.Skip(offset).Take(pageSize).ToList();
            var more = offset + page.Count < events.Count;
            var generation = Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (
                page.Where(e => !e.Removed).Select(e => e.Item).ToList(),
                page.Where(e => e.Removed).Select(e => e.Item.Id).ToList(),
                more ? $"{generation}.{since}.{asOf}.{offset + page.Count}" : null,
                more ? null : $"{generation}.{asOf}");
        }
    }
}
