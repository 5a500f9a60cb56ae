namespace RfqSender.Web.Pages;

/// <summary>What every page needs of the request: who is signed in, whether they may act, and the anti-forgery token of its forms.</summary>
public sealed class PageContext
{
    /// <summary>Creates the context of one request.</summary>
    public PageContext(string? userName, bool isOperator, string tokenField, string token, TimeSpan liveInterval)
    {
        UserName = userName;
        IsOperator = isOperator;
        TokenField = tokenField;
        Token = token;
        LiveInterval = liveInterval;
    }

    /// <summary>The signed-in user's name; null on the sign-in page.</summary>
    public string? UserName { get; }

    /// <summary>True when the user may perform the actions.</summary>
    public bool IsOperator { get; }

    /// <summary>The form field name of the anti-forgery token.</summary>
    public string TokenField { get; }

    /// <summary>The anti-forgery token for this user's forms.</summary>
    public string Token { get; }

    /// <summary>How often the campaign page refreshes its counts.</summary>
    public TimeSpan LiveInterval { get; }

    /// <summary>The hidden input every form carries.</summary>
    public string TokenInput => $"<input type=\"hidden\" name=\"{Html.E(TokenField)}\" value=\"{Html.E(Token)}\">";

    /// <summary>A form that posts to <paramref name="action"/> with one button (and optional extra inputs before it).</summary>
    public string PostButton(string action, string label, string cssClass = "button", string extraInputs = "", string? id = null) =>
        $"<form method=\"post\" action=\"{Html.E(action)}\" class=\"inline\">{TokenInput}{extraInputs}<button type=\"submit\" class=\"{cssClass}\"{(id is null ? string.Empty : $" id=\"{Html.E(id)}\"")}>{Html.E(label)}</button></form>";
}
