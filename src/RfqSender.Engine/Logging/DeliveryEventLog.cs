using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Logging;

/// <summary>
/// A log of delivery events for runbooks and log collectors (<c>-LogPath</c>, <c>--log</c>): one JSON object per line
/// (sent, partlySent, deferred, failed, inDoubt, notSent; reminder, reminderDeferred, reminderFailed, ...; reply, bounce, autoReply, outOfOffice, unmatched,
/// unreadable) with the time, the campaign, the vendor key, the state and what the event needs (attempts, the
/// server's reply of a failure, a bounce's status, how a reply was matched, an away date). It holds no secret, no
/// address list and no message text or subject. Lines are appended and flushed one by one, so several processes
/// can write one file and a reader sees whole lines.
/// </summary>
public sealed class DeliveryEventLog : IDisposable
{
    private const int MaxDetail = 500;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly object _gate = new();
    private readonly FileStream _file;

    private DeliveryEventLog(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) the log file to append to; its folder must exist.</summary>
    /// <exception cref="RfqSenderException">The file cannot be opened (InvalidInput, naming it).</exception>
    public static DeliveryEventLog Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, "The log needs a file to write to.");
        }

        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
            return new DeliveryEventLog(full, new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The log file '{path}' cannot be opened: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the event of one delivery result; a result that changed nothing (-WhatIf, already done) writes none.</summary>
    public void Write(DeliveryResult result)
    {
        if (result is null || result.Action is SendAction.WouldSend or SendAction.AlreadyDone or SendAction.NotReminded)
        {
            return;
        }

        var action = char.ToLowerInvariant(result.Action.ToString()[0]) + result.Action.ToString().Substring(1);
        var name = result.Reminder is null ? action : result.Action == SendAction.Sent ? "reminder" : "reminder" + result.Action;
        WriteLine(json =>
        {
            Head(json, result.Timestamp, name, result.RfqNumber, result.VendorKey, result.State);
            json.WriteNumber("attempts", result.Attempts);
            if (result.Reminder is int reminder)
            {
                json.WriteNumber("reminder", reminder);
            }

            if (result.Action is not SendAction.Sent && result.Detail is { Length: > 0 } detail)
            {
                json.WriteString("detail", Shorten(detail));
            }
        });
    }

    /// <summary>Writes the event of one message read: a new reply, bounce or auto-reply, an unmatched or unreadable one; one read before writes none.</summary>
    public void Write(ReceivedReply received)
    {
        if (received is null)
        {
            return;
        }

        if (received.Record is not { } record)
        {
            WriteLine(json =>
            {
                Head(json, DateTimeOffset.UtcNow, "unreadable", null, null, null);
                json.WriteString("source", received.Source);
                json.WriteString("sourceId", received.SourceId);
            });
            return;
        }

        if (!received.IsNew)
        {
            return;
        }

        var name = record.IsUnmatched ? "unmatched" : record.Kind switch
        {
            ReplyKind.Bounce => "bounce",
            ReplyKind.AutoReply => record.IsOutOfOffice ? "outOfOffice" : "autoReply",
            ReplyKind.MailingList => "mailingList",
            _ => "reply",
        };
        WriteLine(json =>
        {
            Head(json, record.RecordedAt, name, record.RfqNumber, record.VendorKey, record.ChangedTo);
            json.WriteString("receivedAt", Iso(record.ReceivedAt));
            json.WriteString("kind", record.Kind.ToString());
            if (!record.IsUnmatched)
            {
                json.WriteString("match", record.MatchMethod.ToString());
            }

            if (record.BounceStatus is { } status)
            {
                json.WriteString("bounceStatus", status);
            }

            if (record.AwayUntil is DateTime until)
            {
                json.WriteString("awayUntil", until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            if (record.Quotes.Count > 0)
            {
                json.WriteNumber("quoteSheets", record.Quotes.Count);
            }

            json.WriteString("source", received.Source);
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }

    private static void Head(Utf8JsonWriter json, DateTimeOffset time, string name, string? campaign, string? vendorKey, DeliveryState? state)
    {
        json.WriteString("time", Iso(time));
        json.WriteString("event", name);
        if (campaign is not null)
        {
            json.WriteString("campaign", campaign);
        }

        if (vendorKey is not null)
        {
            json.WriteString("vendorKey", vendorKey);
        }

        if (state is DeliveryState s)
        {
            json.WriteString("state", s.ToString());
        }
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Shorten(string text)
    {
        var line = text.Replace("\r", " ").Replace("\n", " ");
        return line.Length <= MaxDetail ? line : line.Substring(0, MaxDetail) + "...";
    }

    private void WriteLine(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        var bytes = buffer.ToArray();
        lock (_gate)
        {
            try
            {
                _file.Write(bytes, 0, bytes.Length);
                _file.Flush();
            }
            catch (IOException ex)
            {
                throw new RfqSenderException(FailureKind.Configuration, $"The log file '{Path}' cannot be written: {ex.Message}", ex);
            }
        }
    }
}
