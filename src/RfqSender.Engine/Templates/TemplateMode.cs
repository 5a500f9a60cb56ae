namespace RfqSender.Engine.Templates;

/// <summary>How a template writes field values into its output.</summary>
public enum TemplateMode
{
    /// <summary>Plain text (subject, text body): values are written as they are.</summary>
    Text,

    /// <summary>HTML body: values are HTML-escaped unless written with triple braces <c>{{{ }}}</c>.</summary>
    Html,
}
