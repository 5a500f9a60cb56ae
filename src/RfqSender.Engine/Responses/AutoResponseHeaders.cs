namespace RfqSender.Engine.Responses;

/// <summary>
/// The header fields of an inbound message that say it was sent by a machine rather than a person
/// (RFC 3834, Exchange's markers, mailing-list fields), as written; null when a field is absent.
/// </summary>
public sealed class AutoResponseHeaders
{
    /// <summary><c>Auto-Submitted</c> (RFC 3834): <c>no</c>, <c>auto-generated</c>, <c>auto-replied</c>, ...</summary>
    public string? AutoSubmitted { get; init; }

    /// <summary><c>Precedence</c>: <c>bulk</c>, <c>junk</c>, <c>list</c>, <c>auto_reply</c>, ...</summary>
    public string? Precedence { get; init; }

    /// <summary><c>Return-Path</c> as written; <c>&lt;&gt;</c> is the null return path of bounces and auto-replies.</summary>
    public string? ReturnPath { get; init; }

    /// <summary>True when <c>Return-Path</c> is the null path <c>&lt;&gt;</c>.</summary>
    public bool HasNullReturnPath => ReturnPath is not null && ReturnPath.Replace(" ", string.Empty) == "<>";

    /// <summary><c>X-Auto-Response-Suppress</c> (Outlook and Exchange), for example <c>All</c> or <c>OOF</c>.</summary>
    public string? AutoResponseSuppress { get; init; }

    /// <summary><c>X-MS-Exchange-Inbox-Rules-Loop</c>: Exchange set it when an inbox rule (or out-of-office) generated or redirected the message.</summary>
    public string? ExchangeInboxRulesLoop { get; init; }

    /// <summary><c>X-MS-Exchange-Generated-Message-Source</c>, for example <c>Mailbox Rules Agent</c>.</summary>
    public string? ExchangeGeneratedMessageSource { get; init; }

    /// <summary>True when <c>X-MS-Exchange-Message-Is-Ndr</c> is present (an Exchange non-delivery report).</summary>
    public bool ExchangeIsNdr { get; init; }

    /// <summary><c>X-Autoreply</c>, <c>X-Autorespond</c> or <c>X-Autoresponder</c>, whichever is present first.</summary>
    public string? AutoReply { get; init; }

    /// <summary><c>List-Id</c> (RFC 2919).</summary>
    public string? ListId { get; init; }

    /// <summary><c>List-Post</c> (RFC 2369).</summary>
    public string? ListPost { get; init; }

    /// <summary><c>List-Unsubscribe</c> (RFC 2369); newsletters and some CRM systems set it too.</summary>
    public string? ListUnsubscribe { get; init; }

    /// <summary><c>Mailing-List</c> (ezmlm, Yahoo! Groups).</summary>
    public string? MailingList { get; init; }
}
