using System.Text;

namespace RfqSender.HelpCompiler;

/// <summary>Writes a parameter set's syntax line the way PowerShell shows it, from the parameters' yaml blocks.</summary>
internal static class SyntaxRenderer
{
    public static string Render(CommandHelp command, string set)
    {
        var line = new StringBuilder(command.Name);
        foreach (var (parameter, usage) in command.ParametersOf(set))
        {
            line.Append(' ').Append(Render(parameter.Name, usage));
        }

        return line.Append(" [<CommonParameters>]").ToString();
    }

    /// <summary>Whitespace-insensitive comparison of a written syntax block with the rendered one.</summary>
    public static bool Matches(string written, string rendered) => Normalize(written) == Normalize(rendered);

    private static string Render(string name, ParameterUsage usage)
    {
        var nameText = usage.Position is null ? $"-{name}" : $"[-{name}]";
        var text = usage.IsSwitch ? $"-{name}" : $"{nameText} <{usage.Type}>";
        return usage.Required ? text : $"[{text}]";
    }

    private static string Normalize(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
