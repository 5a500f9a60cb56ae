namespace RfqSender.Engine.Settings;

/// <summary>How messages leave: the kind of transport a send uses.</summary>
public enum TransportKind
{
    /// <summary>A folder of .eml files (the default; no mail server needed).</summary>
    Pickup,

    /// <summary>An SMTP submission server (Exchange Server, Postfix, hosted SMTP on 587 or 465).</summary>
    Smtp,

    /// <summary>Exchange Online through Microsoft Graph.</summary>
    Graph,
}
