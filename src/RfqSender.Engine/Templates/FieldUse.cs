namespace RfqSender.Engine.Templates;

/// <summary>What a tag needs a field to be: a value to write, a list for <c>{{#each}}</c>, or a condition for <c>{{#if}}</c>.</summary>
internal enum FieldUse
{
    Value,
    List,
    Condition,
}
