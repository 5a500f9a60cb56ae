using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RfqSender.Engine.Documents;

/// <summary>
/// Loads YAML text into YamlDotNet's representation model within <see cref="DocumentLimits"/>:
/// the one way every reader of YAML files (vendor lists, RFQs, settings) loads them.
/// </summary>
internal static class YamlDocumentLoader
{
    /// <summary>Loads every document of the text.</summary>
    /// <exception cref="DocumentLimitException">The text exceeds a limit; nothing has been expanded.</exception>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    public static YamlStream Load(string text, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        limits.CheckSize(text.Length);
        var stream = new YamlStream();
        stream.Load(new LimitedYamlParser(new Parser(new StringReader(text)), limits));
        return stream;
    }
}
