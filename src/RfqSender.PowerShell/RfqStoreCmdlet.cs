using System.Management.Automation;
using RfqSender.Engine.Operations;

namespace RfqSender.PowerShell;

/// <summary>
/// A cmdlet that reads or changes a store without sending: the store is a SQLite file
/// (<see cref="StorePath"/>) or a PostgreSQL database (<see cref="StoreConnectionString"/>, signed in
/// with <see cref="StoreCredential"/>), else the one the settings name.
/// </summary>
public abstract class RfqStoreCmdlet : RfqCmdlet
{
    /// <summary>The SQLite store file; default from settings, $env:RFQSENDER_STORE, or the user's RfqSender folder.</summary>
    [Parameter]
    public string? StorePath { get; set; }

    /// <summary>A PostgreSQL store: its connection string (Host=...;Database=...;Username=...); default from settings or $env:RFQSENDER_STORE_CONNECTION.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StoreConnectionString { get; set; }

    /// <summary>The PostgreSQL user and password, over the connection string's; default $env:RFQSENDER_STORE_PASSWORD.</summary>
    [Parameter]
    [Credential]
    public PSCredential? StoreCredential { get; set; }

    /// <summary>The engine's operations over this command's store, when it exists; else a StoreNotFound error is written and null given.</summary>
    protected RfqRuntime? OpenExistingStore() => OpenExistingStore(StorePath, StoreConnectionString, StoreCredential);

    /// <summary>The engine's operations over this command's store, existing or not.</summary>
    protected RfqRuntime ForStore() => RfqRuntime.ForStore(StoreOf(StorePath, StoreConnectionString, StoreCredential));
}
