namespace RfqSender.Engine.Authentication;

/// <summary>The Microsoft cloud a tenant lives in; each has its own sign-in, Graph and Exchange hosts.</summary>
public enum GraphCloud
{
    /// <summary>The worldwide cloud: login.microsoftonline.com, graph.microsoft.com.</summary>
    Global,

    /// <summary>US Government L4 (GCC High): login.microsoftonline.us, graph.microsoft.us.</summary>
    USGovernment,

    /// <summary>US Government L5 (DoD): login.microsoftonline.us, dod-graph.microsoft.us.</summary>
    USGovernmentDoD,

    /// <summary>China, operated by 21Vianet: login.chinacloudapi.cn, microsoftgraph.chinacloudapi.cn.</summary>
    China,
}
