using RfqSender.Engine.Documents;
using YamlDotNet.RepresentationModel;

namespace RfqSender.Engine.Tests.Documents;

/// <summary>The limits every YAML reader loads within, tried with small limits so each one is reached cheaply.</summary>
public sealed class YamlDocumentLoaderTests
{
    /// <summary>An anchored list of <paramref name="size"/> - 1 values (so <paramref name="size"/> nodes) and <paramref name="uses"/> aliases of it.</summary>
    private static string Aliased(int size, int uses) =>
        $"anchor: &a [{string.Join(", ", Enumerable.Repeat("x", size - 1))}]\nuses: [{string.Join(", ", Enumerable.Repeat("*a", uses))}]\n";

    private static string Nested(int depth) => "root: " + new string('[', depth - 1) + new string(']', depth - 1) + "\n";

    [Fact]
    public void Aliases_may_expand_the_document_up_to_the_limit_and_not_one_node_more()
    {
        var limits = new DocumentLimits(maxAliasNodes: 100);

        var within = YamlDocumentLoader.Load(Aliased(size: 10, uses: 10), limits);
        var ex = Assert.Throws<DocumentLimitException>(() => YamlDocumentLoader.Load(Aliased(size: 10, uses: 10) + "more: *a\n", limits));

        var uses = (YamlSequenceNode)((YamlMappingNode)within.Documents[0].RootNode)["uses"];
        Assert.Equal(10, uses.Children.Count);
        Assert.Equal(3, ex.Line);
        Assert.Equal("too many aliases/expanded nodes: the aliases (here *a) would expand the document by more than 100 nodes (limit 100)", ex.Message);
    }

    [Fact]
    public void An_alias_counts_everything_its_anchor_expands_to_including_aliases_inside_it()
    {
        // b holds 1 + 3 * 4 = 13 nodes once a's aliases are expanded; two uses of b add 26.
        var text = "a: &a [x, y, z]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n";

        Assert.Throws<DocumentLimitException>(() => YamlDocumentLoader.Load(text, new DocumentLimits(maxAliasNodes: 12 + 25)));
        YamlDocumentLoader.Load(text, new DocumentLimits(maxAliasNodes: 12 + 26));
    }

    [Fact]
    public void Every_node_counts_against_the_node_limit_map_keys_included()
    {
        // The root map, the key, the list and its 7 values: 10 nodes.
        var text = "root: [1, 2, 3, 4, 5, 6, 7]\n";

        YamlDocumentLoader.Load(text, new DocumentLimits(maxNodes: 10));
        var ex = Assert.Throws<DocumentLimitException>(() => YamlDocumentLoader.Load(text, new DocumentLimits(maxNodes: 9)));

        Assert.Equal("too many nodes: the document has more than 9 values, lists and maps (limit 9)", ex.Message);
    }

    [Fact]
    public void Lists_and_maps_may_nest_up_to_the_depth_limit_and_not_one_level_more()
    {
        var limits = new DocumentLimits(maxDepth: 5);

        YamlDocumentLoader.Load(Nested(5), limits);
        var ex = Assert.Throws<DocumentLimitException>(() => YamlDocumentLoader.Load(Nested(6), limits));

        Assert.Equal(1, ex.Line);
        Assert.Equal("the document is nested more than 5 levels deep (lists and maps inside each other; limit 5)", ex.Message);
    }

    [Theory]
    [InlineData("a: &a [1, *a]\n", "the alias *a is inside the list it names, so it would repeat without end")]
    [InlineData("a: &a { self: *a }\n", "the alias *a is inside the map it names, so it would repeat without end")]
    [InlineData("a: *b\nb: &b [1, 2]\n", "the alias *b comes before its anchor &b, or there is none; an anchor must come first")]
    [InlineData("a: *nowhere\n", "the alias *nowhere comes before its anchor &nowhere, or there is none")]
    public void An_alias_that_would_repeat_without_end_or_is_not_yet_defined_is_refused(string text, string message)
    {
        var ex = Assert.Throws<DocumentLimitException>(() => YamlDocumentLoader.Load(text));

        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void An_anchor_defined_again_inside_itself_is_the_inner_one_for_the_aliases_after_it()
    {
        var stream = YamlDocumentLoader.Load("a: &x [1, &x [2, 3], *x]\nb: *x\n");

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var a = (YamlSequenceNode)root["a"];
        Assert.Same(a.Children[1], a.Children[2]);
        Assert.Same(a.Children[1], root["b"]);
    }

    [Fact]
    public void A_text_longer_than_the_size_limit_is_refused_before_it_is_parsed()
    {
        var ex = Assert.Throws<DocumentLimitException>(() => YamlDocumentLoader.Load("a: [" + new string(' ', 2 * 1024 * 1024) + "\n", new DocumentLimits(maxBytes: 1024 * 1024)));

        Assert.Null(ex.Line);
        Assert.Equal("the file is 2 MB, larger than a YAML or JSON document may be (limit 1 MB)", ex.Message);
    }
}
