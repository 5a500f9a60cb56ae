using System.Text;

namespace RfqSender.HelpCompiler;

/// <summary>
/// compile --commands &lt;folder of Verb-Noun.md&gt; --maml &lt;file&gt; [--maml &lt;file&gt;...] [--about &lt;about_X.md&gt;... --about-output &lt;folder&gt;]
/// format &lt;folder of Verb-Noun.md&gt;   (rewrites the SYNTAX blocks from the parameters' yaml)
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: RfqSender.HelpCompiler compile --commands <folder> --maml <file> [--maml <file>...] [--about <about_X.md>... --about-output <folder>]\n"
        + "       RfqSender.HelpCompiler format <folder>";

    public static int Main(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "compile" => Compile(Options(args.Skip(1).ToArray())),
                "format" when args.Length == 2 => Format(args[1]),
                _ => Fail(Usage),
            };
        }
        catch (HelpSourceException ex)
        {
            return Fail(ex.Message);
        }
        catch (IOException ex)
        {
            return Fail($"error HELP002: {ex.Message}");
        }
    }

    private static int Compile(ILookup<string, string> options)
    {
        var folder = options["--commands"].SingleOrDefault() ?? throw new HelpSourceException("error HELP003: --commands <folder> is required\n" + Usage);
        var mamlFiles = options["--maml"].ToList();
        if (mamlFiles.Count == 0)
        {
            throw new HelpSourceException("error HELP003: --maml <file> is required\n" + Usage);
        }

        var commands = ReadCommands(folder, out var problems);
        foreach (var command in commands)
        {
            foreach (var block in command.Syntax)
            {
                var rendered = SyntaxRenderer.Render(command, block.SetName);
                if (!SyntaxRenderer.Matches(block.WrittenText, rendered))
                {
                    problems.Add($"{command.SourceFile}({block.Line}): error HELP004: the SYNTAX block of {command.Name} ({block.SetName}) does not match its parameters. "
                        + $"It should read: {rendered}  (dotnet run --project src/RfqSender.HelpCompiler -- format {folder} rewrites it)");
                }
            }
        }

        if (problems.Count > 0)
        {
            problems.ForEach(p => Console.Error.WriteLine(p));
            return 1;
        }

        foreach (var file in mamlFiles)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            using var stream = File.Create(file);
            MamlWriter.Write(commands, stream);
        }

        var aboutOutput = options["--about-output"].SingleOrDefault();
        foreach (var about in options["--about"])
        {
            if (aboutOutput is null)
            {
                throw new HelpSourceException("error HELP003: --about needs --about-output <folder>");
            }

            var text = AboutTopicWriter.Convert(about, File.ReadAllText(about));
            Directory.CreateDirectory(aboutOutput);
            File.WriteAllText(Path.Combine(aboutOutput, Path.GetFileNameWithoutExtension(about) + ".help.txt"), text, new UTF8Encoding(true));
        }

        Console.WriteLine($"Help for {commands.Count} cmdlets written to {string.Join(", ", mamlFiles)}");
        return 0;
    }

    private static int Format(string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var rewritten = SyntaxBlockRewriter.Rewrite(file, text);
            if (rewritten != text)
            {
                File.WriteAllText(file, rewritten, new UTF8Encoding(false));
                Console.WriteLine($"Rewrote the SYNTAX of {file}");
            }
        }

        return 0;
    }

    private static List<CommandHelp> ReadCommands(string folder, out List<string> problems)
    {
        problems = new List<string>();
        var commands = new List<CommandHelp>();
        var files = Directory.GetFiles(folder, "*.md").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new HelpSourceException($"error HELP003: no help files (*.md) in {folder}");
        }

        foreach (var file in files)
        {
            try
            {
                var command = CommandHelpReader.Read(file);
                if (!string.Equals(Path.GetFileNameWithoutExtension(file), command.Name, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{file}(1): error HELP005: the file of {command.Name} must be named {command.Name}.md");
                }

                commands.Add(command);
            }
            catch (HelpSourceException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return commands;
    }

    private static ILookup<string, string> Options(string[] args)
    {
        var pairs = new List<(string, string)>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new HelpSourceException($"error HELP003: unexpected argument '{args[i]}'\n" + Usage);
            }

            pairs.Add((args[i], args[++i]));
        }

        return pairs.ToLookup(p => p.Item1, p => p.Item2);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
