using System.Net;
using RfqSender.Engine;

namespace RfqSender.Web.Security;

/// <summary>One address the server listens on, parsed from a URL and checked: plain HTTP only on loopback.</summary>
public sealed class ListenAddress
{
    private ListenAddress(IPAddress address, int port, bool https)
    {
        Address = address;
        Port = port;
        Https = https;
    }

    /// <summary>The IP address (IPv6Any for <c>*</c> or <c>[::]</c>).</summary>
    public IPAddress Address { get; }

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; }

    /// <summary>True for https.</summary>
    public bool Https { get; }

    /// <summary>Parses and checks <paramref name="url"/>.</summary>
    /// <exception cref="RfqSenderException">Not an http(s) URL with an IP address or localhost, or plain HTTP on an address that is not loopback (InvalidInput).</exception>
    public static ListenAddress Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"'{url}' is not an address to listen on; give one like https://0.0.0.0:8443 or http://127.0.0.1:5080.");
        }

        var host = uri.Host.Trim('[', ']');
        IPAddress address;
        if (host == "*" || host == "+" || host == "0.0.0.0")
        {
            address = IPAddress.Any;
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"'{url}': listen on an IP address (or localhost), not on the name '{uri.Host}'.");
        }

        var https = uri.Scheme == Uri.UriSchemeHttps;
        if (!https && !IPAddress.IsLoopback(address))
        {
            throw new RfqSenderException(FailureKind.InvalidInput,
                $"'{url}': plain HTTP is served on loopback addresses only (127.0.0.1, ::1), since sign-in cookies and passwords would cross the network unencrypted; listen on https:// with --certificate, or on 127.0.0.1 behind a reverse proxy that terminates TLS.");
        }

        return new ListenAddress(address, uri.Port, https);
    }
}
