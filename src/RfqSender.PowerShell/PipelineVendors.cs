using System.Collections;
using System.Management.Automation;
using RfqSender.Engine.Vendors;

namespace RfqSender.PowerShell;

/// <summary>
/// Collects vendors from pipeline objects (Import-Csv rows, hashtables, objects, vendors from
/// Get-RfqVendor; an array is several vendors) into one list, rows of one vendor merged, for
/// cmdlets that need the whole input before they act.
/// </summary>
internal sealed class PipelineVendors
{
    private readonly VendorListBuilder _builder;
    private int _received;

    public PipelineVendors(VendorReadOptions? options)
    {
        _builder = new VendorListBuilder(options);
    }

    /// <summary>Items received so far.</summary>
    public int Received => _received;

    /// <summary>Adds one pipeline object, or each item of an array.</summary>
    public void Add(PSObject? input)
    {
        if (input is null)
        {
            return;
        }

        if (input.BaseObject is IEnumerable many and not string and not IDictionary)
        {
            foreach (var item in many)
            {
                if (item is not null)
                {
                    AddOne(PSObject.AsPSObject(item));
                }
            }

            return;
        }

        AddOne(input);
    }

    /// <summary>The valid vendors, in order of first appearance, and every invalid item.</summary>
    public VendorReadResult Build() => _builder.Build();

    private void AddOne(PSObject input)
    {
        _received++;
        if (input.BaseObject is Vendor vendor)
        {
            _builder.Add(vendor);
        }
        else
        {
            _builder.Add(PSObjectConverter.ToVendorRecord(input, $"pipeline item {_received}"));
        }
    }
}
