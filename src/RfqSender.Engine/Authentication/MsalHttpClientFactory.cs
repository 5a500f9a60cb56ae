using Microsoft.Identity.Client;

namespace RfqSender.Engine.Authentication;

/// <summary>Gives MSAL one shared <see cref="HttpClient"/> over the caller's handler (a proxy, or a test's trusted loopback certificate).</summary>
internal sealed class MsalHttpClientFactory : IMsalHttpClientFactory
{
    private readonly HttpClient _client;

    public MsalHttpClientFactory(HttpMessageHandler handler)
    {
        _client = new HttpClient(handler, disposeHandler: false);
    }

    public HttpClient GetHttpClient() => _client;
}
