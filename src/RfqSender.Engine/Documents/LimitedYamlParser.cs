using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RfqSender.Engine.Documents;

/// <summary>
/// A YAML parser that hands on the events of another and counts them against a
/// <see cref="DocumentBudget"/>, an alias as the nodes of what it names. It stops at the first limit
/// crossed, so YamlDotNet's recursive loader never goes deeper than the depth limit, and the
/// document it loads never expands, through its aliases, to more nodes than the limits allow.
/// </summary>
/// <remarks>
/// An alias must come after its anchor has ended, as the YAML specification requires: an alias
/// before its anchor (which YamlDotNet would resolve, uncounted) or inside it (a cycle, which
/// would repeat without end) is refused. An anchor defined again names the later node from there
/// on, even where the later one lies inside the earlier (YAML names the most recent anchor).
/// </remarks>
internal sealed class LimitedYamlParser : IParser
{
    private const long Open = -1;

    private readonly IParser _inner;
    private readonly DocumentBudget _budget;
    private readonly Dictionary<string, (long Nodes, string Kind, int Definition)> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<(string? Anchor, int Definition, long NodesBefore)> _collections = new();
    private int _definitions;

    public LimitedYamlParser(IParser inner, DocumentLimits limits)
    {
        _inner = inner;
        _budget = new DocumentBudget(limits);
    }

    public ParsingEvent? Current => _inner.Current;

    public bool MoveNext()
    {
        if (!_inner.MoveNext())
        {
            return false;
        }

        var current = _inner.Current!;
        var line = (int)current.Start.Line;
        switch (current)
        {
            case AnchorAlias alias:
                CountAlias(line, alias.Value.Value);
                break;
            case Scalar scalar:
                _budget.Value(line);
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor.Value] = (1, "value", ++_definitions);
                }

                break;
            case SequenceStart sequence:
                Begin(line, sequence.Anchor, "list");
                break;
            case MappingStart mapping:
                Begin(line, mapping.Anchor, "map");
                break;
            case SequenceEnd:
            case MappingEnd:
                End();
                break;
        }

        return true;
    }

    private void CountAlias(int line, string name)
    {
        if (!_anchors.TryGetValue(name, out var anchor))
        {
            throw new DocumentLimitException(line, $"the alias *{name} comes before its anchor &{name}, or there is none; an anchor must come first");
        }

        if (anchor.Nodes == Open)
        {
            throw new DocumentLimitException(line, $"the alias *{name} is inside the {anchor.Kind} it names, so it would repeat without end");
        }

        _budget.Alias(line, name, anchor.Nodes);
    }

    private void Begin(int line, AnchorName anchor, string kind)
    {
        var before = _budget.Nodes;
        _budget.Enter(line);
        var name = anchor.IsEmpty ? null : anchor.Value;
        var definition = name is null ? 0 : ++_definitions;
        if (name is not null)
        {
            _anchors[name] = (Open, kind, definition);
        }

        _collections.Push((name, definition, before));
    }

    private void End()
    {
        _budget.Leave();
        var (name, definition, before) = _collections.Pop();
        if (name is not null && _anchors[name] is var anchor && anchor.Definition == definition)
        {
            _anchors[name] = (_budget.Nodes - before, anchor.Kind, definition);
        }
    }
}
