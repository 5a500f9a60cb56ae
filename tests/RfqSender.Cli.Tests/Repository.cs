using System.Reflection;

namespace RfqSender.Cli.Tests;

/// <summary>Paths in the repository checkout the tests were built from.</summary>
internal static class Repository
{
    public static string Root => typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    /// <summary>
    /// The examples folder copied into <paramref name="folder"/> with the RFQ's due date two months after the run (the
    /// example's own is a fixed day), for the tests whose outcome depends on the due date (reminders); returns the copy.
    /// </summary>
    public static string ExamplesDueLater(string folder)
    {
        var copy = Path.Combine(folder, "examples-due-later");
        if (Directory.Exists(copy))
        {
            return copy;
        }

        foreach (var file in Directory.GetFiles(Path.Combine(Root, "examples"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Path.Combine(Root, "examples"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var rfq = Path.Combine(copy, "rfq.yaml");
        var due = DateTime.UtcNow.Date.AddDays(60).ToString("yyyy-MM-dd'T'17:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(rfq, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(rfq), @"(?m)^dueDate: \S+", "dueDate: " + due));
        return copy;
    }
}
