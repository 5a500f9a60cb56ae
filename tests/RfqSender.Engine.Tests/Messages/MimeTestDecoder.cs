using System.Text;
using System.Text.RegularExpressions;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>Small reference decoders (RFC 2047 words, quoted-printable) written for the tests.</summary>
internal static class MimeTestDecoder
{
    private static readonly Regex EncodedWord = new(@"^=\?utf-8\?([BQ])\?([^?\s]*)\?=$", RegexOptions.IgnoreCase);

    /// <summary>Decodes whitespace-separated encoded words (the whitespace between them is dropped).</summary>
    public static string DecodeWords(IEnumerable<string> words)
    {
        var bytes = new List<byte>();
        foreach (var word in words)
        {
            var match = EncodedWord.Match(word);
            Assert.True(match.Success, $"'{word}' is not an encoded word");
            bytes.AddRange(DecodeWordBytes(match.Groups[1].Value, match.Groups[2].Value));
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
    }

    /// <summary>Decodes one word's payload; each word must hold complete UTF-8 on its own.</summary>
    public static string DecodeWord(string word)
    {
        var match = EncodedWord.Match(word);
        Assert.True(match.Success, $"'{word}' is not an encoded word");
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(DecodeWordBytes(match.Groups[1].Value, match.Groups[2].Value));
    }

    public static byte[] DecodeQuotedPrintable(byte[] encoded)
    {
        var text = Encoding.ASCII.GetString(encoded);
        var output = new List<byte>();
        var lines = text.Split("\r\n");
        for (var l = 0; l < lines.Length; l++)
        {
            var line = lines[l];
            var soft = line.EndsWith('=');
            if (soft)
            {
                line = line.Substring(0, line.Length - 1);
            }

            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == '=')
                {
                    output.Add(Convert.ToByte(line.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    output.Add((byte)line[i]);
                }
            }

            if (!soft && l < lines.Length - 1)
            {
                output.Add((byte)'\r');
                output.Add((byte)'\n');
            }
        }

        return output.ToArray();
    }

    private static byte[] DecodeWordBytes(string scheme, string payload)
    {
        if (scheme.Equals("B", StringComparison.OrdinalIgnoreCase))
        {
            return Convert.FromBase64String(payload);
        }

        var bytes = new List<byte>();
        for (var i = 0; i < payload.Length; i++)
        {
            if (payload[i] == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (payload[i] == '=')
            {
                bytes.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)payload[i]);
            }
        }

        return bytes.ToArray();
    }
}
