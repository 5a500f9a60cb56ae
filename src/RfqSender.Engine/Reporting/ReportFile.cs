namespace RfqSender.Engine.Reporting;

/// <summary>Writes a report (or another document the runtime exports) to a file: whole or not at all.</summary>
internal static class ReportFile
{
    public static string Write(string path, bool overwrite, Action<Stream> write)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, "A file to write to is needed.");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The report file '{path}' is not a usable path: {ex.Message}", ex);
        }

        if (Directory.Exists(full))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The report file '{full}' is a folder; name a file in it.");
        }

        if (!overwrite && File.Exists(full))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The report file '{full}' exists already and replacing it was not allowed (-NoClobber, --no-clobber); choose another name or leave that out.");
        }

        var folder = Path.GetDirectoryName(full)!;
        var temporary = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
            }

            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(true);
            }

            if (File.Exists(full))
            {
                if (!overwrite)
                {
                    throw new IOException($"The file '{full}' was made meanwhile.");
                }

                File.Replace(temporary, full, null);
            }
            else
            {
                File.Move(temporary, full);
            }

            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new RfqSenderException(FailureKind.InvalidInput, $"The report could not be written to '{full}': {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temporary file stays; it is hidden and named after the report.
        }
    }
}
