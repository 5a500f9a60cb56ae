using System.Collections;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tests.Vendors;

namespace RfqSender.Engine.Tests.Documents;

/// <summary>RFQ files and settings files are YAML too, and are loaded within the same limits as vendor files.</summary>
public sealed class HostileYamlFileTests : IDisposable
{
    private const string DeepNesting = "the document is nested more than 64 levels deep (lists and maps inside each other; limit 64)";

    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_rfq_file_nested_100000_levels_deep_is_one_error_with_its_line()
    {
        var path = VendorTestFiles.Hostile("rfq-deep-nesting.yaml");

        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((path, (int?)3, DeepNesting), (error.Source, error.Line, error.Message));
    }

    [Fact]
    public void An_alias_bomb_as_rfq_text_is_refused()
    {
        var bomb = File.ReadAllText(VendorTestFiles.Hostile("vendors-alias-bomb.yaml"));

        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Parse(bomb, "stdin", _temp.Path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("stdin", (int?)7), (error.Source, error.Line));
        Assert.StartsWith("too many aliases/expanded nodes", error.Message);
    }

    [Fact]
    public void A_settings_file_nested_100000_levels_deep_is_a_settings_error_with_its_line()
    {
        var path = VendorTestFiles.Hostile("rfqsender-deep-nesting.yaml");

        var ex = Assert.Throws<SettingsException>(() => SettingsLoader.Load(path, null, new Hashtable()));

        Assert.Equal((path, (int?)2), (ex.Source, ex.Line));
        Assert.EndsWith(DeepNesting, ex.Message);
    }

    [Fact]
    public void An_alias_bomb_as_settings_file_is_a_settings_error()
    {
        var path = _temp.Combine("rfqsender.yaml");
        File.Copy(VendorTestFiles.Hostile("vendors-alias-bomb.yaml"), path);

        var ex = Assert.Throws<SettingsException>(() => SettingsLoader.Load(path, null, new Hashtable()));

        Assert.Equal(7, ex.Line);
        Assert.Contains("too many aliases/expanded nodes", ex.Message);
    }
}
