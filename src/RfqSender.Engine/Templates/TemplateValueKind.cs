namespace RfqSender.Engine.Templates;

/// <summary>What a template value is: a single value, a group of named fields, or a list.</summary>
internal enum TemplateValueKind
{
    Scalar,
    Record,
    List,
}
