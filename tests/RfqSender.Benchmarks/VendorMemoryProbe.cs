using System.Globalization;
using RfqSender.Engine.Vendors;

namespace RfqSender.Benchmarks;

/// <summary>
/// Where the memory of reading a vendor file goes: the managed heap retained by the raw records
/// and by the mapped vendors, and the process's peak. Usage: <c>vendors-memory &lt;file&gt;</c>.
/// </summary>
public static class VendorMemoryProbe
{
    public static int Run(string[] args)
    {
        var path = args[0];
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var records = VendorFileReader.ReadRecords(path);
        var readTime = watch.Elapsed;
        var withRecords = GC.GetTotalMemory(forceFullCollection: true);
        var count = records.Records.Count;
        GC.KeepAlive(records);
        records = null;
        watch.Restart();
        var vendors = VendorFileReader.Read(path);
        var mapTime = watch.Elapsed;
        var withVendors = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} records: read {readTime.TotalSeconds:F2} s, retained {(withRecords - baseline) / 1048576.0:F0} MB ({(withRecords - baseline) / (double)count:F0} B each); " +
            $"read+map+merge {mapTime.TotalSeconds:F2} s, {vendors.Vendors.Count:N0} vendors retained {(withVendors - baseline) / 1048576.0:F0} MB ({(withVendors - baseline) / (double)vendors.Vendors.Count:F0} B each); " +
            $"peak working set {ScenarioRun.PeakWorkingSetMb():F0} MB"));
        GC.KeepAlive(vendors);
        return 0;
    }
}
