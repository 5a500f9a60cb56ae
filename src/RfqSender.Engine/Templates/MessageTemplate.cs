using System.Text;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Templates;

/// <summary>
/// A parsed message template: parse once, render for every vendor.
/// </summary>
/// <remarks>
/// Syntax: <c>{{Rfq.Number}}</c> (names are case-insensitive, white space inside the braces is
/// allowed), <c>{{Rfq.DueDate:yyyy-MM-dd}}</c> (a .NET format after ':' for dates and numbers,
/// invariant culture), <c>{{#each Rfq.Items}}...{{/each}}</c> (members of the element are available
/// unqualified, <c>{{this}}</c> is the element itself, <c>{{@index}}</c> and <c>{{@number}}</c> its 0- and
/// 1-based position; blocks nest), <c>{{{Field}}}</c> (not HTML-escaped), <c>{{! comment }}</c>,
/// <c>Vendor.[Payment Terms]</c> for names with spaces, <c>{{Contact.Name ?? "Sir or Madam"}}</c> (quoted text
/// written when the value is empty or white space; after a format if there is one),
/// <c>{{#if Vendor.Discount}}...{{else}}...{{/if}}</c> (the first part when the field has a value, a
/// list when it has elements; blocks nest). A block tag alone on its line removes that line.
/// Dates render as <c>2026-12-15 17:00 +01:00</c> and decimals without trailing zeros unless a format
/// is given.
/// </remarks>
public sealed class MessageTemplate
{
    private readonly IReadOnlyList<TemplateNode> _nodes;

    private MessageTemplate(string text, string name, TemplateMode mode, IReadOnlyList<TemplateNode> nodes)
    {
        Text = text;
        Name = name;
        Mode = mode;
        _nodes = nodes;
    }

    /// <summary>The template text as written.</summary>
    public string Text { get; }

    /// <summary>The name used in error messages, e.g. <c>subject</c>, <c>body</c>, <c>bodyHtml</c> or a file path.</summary>
    public string Name { get; }

    /// <summary>Whether values are HTML-escaped.</summary>
    public TemplateMode Mode { get; }

    /// <summary>Parses a template.</summary>
    /// <exception cref="TemplateException">The text has a syntax error; the message gives line, column and tag.</exception>
    public static MessageTemplate Parse(string text, string name, TemplateMode mode)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return new MessageTemplate(text, name ?? "template", mode, TemplateParser.Parse(text, name ?? "template"));
    }

    /// <summary>Every field the template uses that the context does not have; empty when rendering is safe.</summary>
    public IReadOnlyList<TemplateFieldError> Check(TemplateContext context)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var errors = new List<TemplateFieldError>();
        CheckNodes(_nodes, new TemplateScope(context.Root, -1, null), context, errors);
        return errors;
    }

    /// <summary>
    /// Every field tag without a default (<c>??</c>) that renders as empty text in this context, once per tag,
    /// in the order of the template: what a vendor would see as a gap such as "Dear ,". Only the branches of
    /// <c>{{#if}}</c> that the context takes count; fields the context does not have are left to <see cref="Check"/>.
    /// </summary>
    public IReadOnlyList<EmptyFieldFinding> FindEmptyFields(TemplateContext context)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var found = new List<FieldNode>();
        FindEmpty(_nodes, new TemplateScope(context.Root, -1, null), context, found);
        return found
            .OrderBy(f => f.Line).ThenBy(f => f.Column)
            .Select(f => new EmptyFieldFinding(Name, f.Line, f.Column, f.Path.Text, f.Tag, context.Vendor))
            .ToList();
    }

    /// <summary>Throws when the template uses a field that the RFQ or the vendor does not have.</summary>
    /// <exception cref="TemplateFieldException">Lists every unknown field, naming the vendor where it matters.</exception>
    public void Validate(Rfq rfq, Vendor vendor)
    {
        var errors = Check(TemplateContext.ForValidation(rfq, vendor));
        if (errors.Count > 0)
        {
            throw new TemplateFieldException(errors);
        }
    }

    /// <summary>Renders the template. Never throws for a context that <see cref="Check"/> found no errors in.</summary>
    /// <exception cref="TemplateFieldException">The template uses a field the context does not have.</exception>
    public string Render(TemplateContext context)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var output = new StringBuilder(Text.Length + 256);
        Render(_nodes, new TemplateScope(context.Root, -1, null), context, output);
        return output.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static void AppendHtmlEscaped(StringBuilder output, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                case '\'': output.Append("&#39;"); break;
                default: output.Append(c); break;
            }
        }
    }

    private void Render(IReadOnlyList<TemplateNode> nodes, TemplateScope scope, TemplateContext context, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case FieldNode field:
                    var value = ResolveOrThrow(field, field.Path, scope, context, FieldUse.Value);
                    var rendered = RenderValue(field, value, scope);
                    if (field.Default is not null && IsBlank(rendered))
                    {
                        rendered = field.Default;
                    }

                    if (Mode == TemplateMode.Html && !field.Raw)
                    {
                        AppendHtmlEscaped(output, rendered);
                    }
                    else
                    {
                        output.Append(rendered);
                    }

                    break;
                case EachNode each:
                    var list = ResolveOrThrow(each, each.Path, scope, context, FieldUse.List);
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        Render(each.Children, new TemplateScope(list.Items[i], i, scope), context, output);
                    }

                    break;
                case IfNode condition:
                    var tested = ResolveOrThrow(condition, condition.Path, scope, context, FieldUse.Condition);
                    Render(IsTrue(tested) ? condition.Children : condition.ElseChildren, scope, context, output);
                    break;
            }
        }
    }

    private static string RenderValue(FieldNode field, TemplateValue value, TemplateScope scope) =>
        field.Path.IsIndex || field.Path.IsNumber ? RenderPosition(field, scope) : value.ToText(field.Format);

    private static bool IsBlank(string text) => string.IsNullOrWhiteSpace(text);

    private static bool IsTrue(TemplateValue value) =>
        value.Kind == TemplateValueKind.List ? value.Items.Count > 0 : !IsBlank(value.ToText(null));

    /// <summary>
    /// Walks the template as <see cref="Render(TemplateContext)"/> would (the branches the context takes, every
    /// element of every list) and notes each field tag without a default whose text is empty.
    /// </summary>
    private void FindEmpty(IReadOnlyList<TemplateNode> nodes, TemplateScope scope, TemplateContext context, List<FieldNode> found)
    {
        var ignored = new List<TemplateFieldError>();
        foreach (var node in nodes)
        {
            switch (node)
            {
                case FieldNode field when field.Default is null && !field.Path.IsIndex && !field.Path.IsNumber:
                    var value = Resolve(field, field.Path, scope, context, FieldUse.Value, ignored);
                    if (ignored.Count == 0 && !found.Contains(field) && IsBlank(TextOrEmpty(field, value)))
                    {
                        found.Add(field);
                    }

                    break;
                case EachNode each:
                    var list = Resolve(each, each.Path, scope, context, FieldUse.List, ignored);
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        FindEmpty(each.Children, new TemplateScope(list.Items[i], i, scope), context, found);
                    }

                    break;
                case IfNode condition:
                    var tested = Resolve(condition, condition.Path, scope, context, FieldUse.Condition, ignored);
                    if (ignored.Count == 0)
                    {
                        FindEmpty(IsTrue(tested) ? condition.Children : condition.ElseChildren, scope, context, found);
                    }

                    break;
            }

            ignored.Clear();
        }
    }

    private static string TextOrEmpty(FieldNode field, TemplateValue value)
    {
        try
        {
            return value.ToText(field.Format);
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }

    private static string RenderPosition(FieldNode field, TemplateScope scope)
    {
        var index = scope.Index;
        return TemplateValue.Format(field.Path.IsIndex ? index : index + 1, field.Format);
    }

    private TemplateValue ResolveOrThrow(TemplateNode node, FieldPath path, TemplateScope scope, TemplateContext context, FieldUse use)
    {
        var errors = new List<TemplateFieldError>();
        var value = Resolve(node, path, scope, context, use, errors);
        if (errors.Count > 0)
        {
            throw new TemplateFieldException(errors);
        }

        return value;
    }

    private void CheckNodes(IReadOnlyList<TemplateNode> nodes, TemplateScope scope, TemplateContext context, List<TemplateFieldError> errors)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case FieldNode field:
                    var value = Resolve(field, field.Path, scope, context, FieldUse.Value, errors);
                    if (field.Format is not null)
                    {
                        CheckFormat(field, value, context, errors);
                    }

                    break;
                case EachNode each:
                    var list = Resolve(each, each.Path, scope, context, FieldUse.List, errors);
                    if (list.Kind == TemplateValueKind.List && list.ElementShape is not null)
                    {
                        CheckNodes(each.Children, new TemplateScope(list.ElementShape, 0, scope), context, errors);
                    }

                    break;
                case IfNode condition:
                    Resolve(condition, condition.Path, scope, context, FieldUse.Condition, errors);
                    CheckNodes(condition.Children, scope, context, errors);
                    CheckNodes(condition.ElseChildren, scope, context, errors);
                    break;
            }
        }
    }

    private void CheckFormat(FieldNode field, TemplateValue value, TemplateContext context, List<TemplateFieldError> errors)
    {
        try
        {
            _ = field.Path.IsIndex || field.Path.IsNumber ? TemplateValue.Format(0, field.Format) : value.ToText(field.Format);
        }
        catch (FormatException)
        {
            errors.Add(NewError(field, field.Path, null, $"has a format '{field.Format}' that is not valid for its value", locationOnly: true));
        }
    }

    /// <summary>Looks a path up: the first name in the innermost scope that has it, the rest as members; adds an error and returns empty text when that fails.</summary>
    private TemplateValue Resolve(TemplateNode node, FieldPath path, TemplateScope scope, TemplateContext context, FieldUse use, List<TemplateFieldError> errors)
    {
        var expectList = use == FieldUse.List;
        if (path.IsIndex || path.IsNumber)
        {
            return TemplateValue.FromScalar(scope.Index);
        }

        TemplateValue current;
        var next = 1;
        if (path.StartsWithThis)
        {
            current = scope.Value;
        }
        else
        {
            var found = FindInScopes(path.Segments[0], scope);
            if (found is null)
            {
                var known = KnownNames(scope);
                errors.Add(NewError(node, path, null, $"; known fields here: {string.Join(", ", known)}"));
                return TemplateValue.Empty;
            }

            current = found;
        }

        var label = path.StartsWithThis ? "this" : path.Segments[0];
        for (; next < path.Segments.Count; next++)
        {
            if (current.Kind != TemplateValueKind.Record)
            {
                errors.Add(NewError(node, path, null, $"; '{label}' is a {Describe(current)}, it has no fields"));
                return TemplateValue.Empty;
            }

            if (!current.TryGetMember(path.Segments[next], out var member))
            {
                var vendor = string.Equals(current.Label, TemplateContext.VendorLabel, StringComparison.Ordinal) ? context.VendorName : null;
                var onVendor = vendor is null ? string.Empty : $" (vendor '{context.VendorDisplay}')";
                var knownNames = string.Join(", ", current.MemberNames);
                errors.Add(NewError(node, path, vendor, $"{onVendor}; known {current.Label} fields: {knownNames}"));
                return TemplateValue.Empty;
            }

            current = member;
            label += "." + path.Segments[next];
        }

        if (expectList && current.Kind != TemplateValueKind.List)
        {
            errors.Add(NewError(node, path, null, $"is a {Describe(current)}, not a list; {{{{#each}}}} needs a list such as Rfq.Items or Vendor.Categories", locationOnly: true));
            return TemplateValue.List(Array.Empty<TemplateValue>(), TemplateValue.Empty);
        }

        if (!expectList && current.Kind == TemplateValueKind.Record)
        {
            errors.Add(NewError(node, path, null, $"is a group of fields, not a value; known {current.Label} fields: {string.Join(", ", current.MemberNames)}", locationOnly: true));
            return TemplateValue.Empty;
        }

        if (use == FieldUse.Value && current.Kind == TemplateValueKind.List && current.ElementShape?.Kind != TemplateValueKind.Scalar)
        {
            errors.Add(NewError(node, path, null, $"is a list; write {{{{#each {path}}}}}...{{{{/each}}}} to show its elements", locationOnly: true));
            return TemplateValue.Empty;
        }

        return current;
    }

    private static TemplateValue? FindInScopes(string name, TemplateScope scope)
    {
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (s.Value.Kind == TemplateValueKind.Record && s.Value.TryGetMember(name, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static IEnumerable<string> KnownNames(TemplateScope scope)
    {
        var names = new List<string>();
        for (var s = scope; s is not null; s = s.Parent)
        {
            names.AddRange(s.Value.MemberNames.Where(n => !names.Contains(n, StringComparer.OrdinalIgnoreCase)));
            if (s.Index >= 0 && !names.Contains("this"))
            {
                names.AddRange(new[] { "this", "@index", "@number" });
            }
        }

        return names;
    }

    private static string Describe(TemplateValue value) => value.Kind switch
    {
        TemplateValueKind.List => "list",
        TemplateValueKind.Record => "group of fields",
        _ => "value",
    };

    private TemplateFieldError NewError(TemplateNode node, FieldPath path, string? vendor, string detail, bool locationOnly = false)
    {
        var where = $"in template '{Name}' at line {node.Line}, column {node.Column}";
        var message = locationOnly
            ? $"Field '{path}' {where} {detail}"
            : $"Unknown field '{path}' {where}{detail}";
        return new TemplateFieldError(Name, node.Line, node.Column, path.Text, vendor, message);
    }
}
