namespace RfqSender.Engine.Templates;

/// <summary>
/// A template cannot be parsed: an unclosed <c>{{</c>, an <c>{{#each}}</c> without <c>{{/each}}</c>,
/// a stray <c>{{/each}}</c>, an empty or malformed tag. The message names the template, the line and
/// column (1-based) and the offending tag.
/// </summary>
public sealed class TemplateException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="templateName">The template's name, e.g. <c>subject</c>, <c>body</c> or a file path.</param>
    /// <param name="line">1-based line of the offending tag within the template.</param>
    /// <param name="column">1-based column of the offending tag within its line.</param>
    /// <param name="tag">The offending tag as written (shortened when long).</param>
    /// <param name="problem">What is wrong, written for the person fixing the template.</param>
    public TemplateException(string templateName, int line, int column, string tag, string problem)
        : base(FailureKind.InvalidInput, $"Template '{templateName}', line {line}, column {column}: {problem}")
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Tag = tag;
        Problem = problem;
    }

    /// <summary>The template's name, e.g. <c>subject</c>, <c>body</c>, <c>bodyHtml</c> or a file path.</summary>
    public string TemplateName { get; }

    /// <summary>1-based line of the offending tag within the template.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending tag within its line.</summary>
    public int Column { get; }

    /// <summary>The offending tag as written.</summary>
    public string Tag { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }
}
