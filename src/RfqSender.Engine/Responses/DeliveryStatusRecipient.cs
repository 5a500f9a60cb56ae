namespace RfqSender.Engine.Responses;

/// <summary>One recipient of a delivery status report: what happened to the message for that address.</summary>
public sealed class DeliveryStatusRecipient
{
    /// <summary>The address the report is about (<c>Final-Recipient</c>, its address type removed).</summary>
    public string FinalRecipient { get; init; } = string.Empty;

    /// <summary>The address as originally given (<c>Original-Recipient</c>), or null.</summary>
    public string? OriginalRecipient { get; init; }

    /// <summary>The action, read from <see cref="ActionText"/>.</summary>
    public DeliveryStatusAction Action { get; init; }

    /// <summary>The <c>Action</c> value as written, or null.</summary>
    public string? ActionText { get; init; }

    /// <summary>The enhanced status code (RFC 3463), for example <c>5.1.1</c>, or null.</summary>
    public string? Status { get; init; }

    /// <summary>The remote server's words (<c>Diagnostic-Code</c>, its type removed), or null.</summary>
    public string? DiagnosticCode { get; init; }

    /// <summary>The server that gave the status (<c>Remote-MTA</c>, its type removed), or null.</summary>
    public string? RemoteMta { get; init; }

    /// <summary>
    /// What this means for the delivery: delayed is transient; failed is permanent with a 5.x.x status
    /// (or none) and transient with 4.x.x; delivered, relayed and expanded are no failure; an unknown
    /// action is read from the status class alone.
    /// </summary>
    public BounceSeverity Severity => Action switch
    {
        DeliveryStatusAction.Delayed => BounceSeverity.Transient,
        DeliveryStatusAction.Failed => StatusClass == '4' ? BounceSeverity.Transient : BounceSeverity.Permanent,
        DeliveryStatusAction.Delivered or DeliveryStatusAction.Relayed or DeliveryStatusAction.Expanded => BounceSeverity.None,
        _ => StatusClass switch
        {
            '5' => BounceSeverity.Permanent,
            '4' => BounceSeverity.Transient,
            _ => BounceSeverity.None,
        },
    };

    private char StatusClass => string.IsNullOrEmpty(Status) ? ' ' : Status![0];

    /// <summary><c>address: action status (diagnostic)</c>.</summary>
    public override string ToString() =>
        $"{FinalRecipient}: {ActionText ?? Action.ToString().ToLowerInvariant()} {Status}{(DiagnosticCode is null ? string.Empty : " (" + DiagnosticCode + ")")}";
}
