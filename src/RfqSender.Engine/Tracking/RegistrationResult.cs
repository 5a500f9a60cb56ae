namespace RfqSender.Engine.Tracking;

/// <summary>What registering vendors with a campaign changed.</summary>
public sealed class RegistrationResult
{
    /// <summary>Creates a result.</summary>
    public RegistrationResult(int added, int updated, int unchanged)
    {
        Added = added;
        Updated = updated;
        Unchanged = unchanged;
    }

    /// <summary>Vendors new to the campaign, now queued.</summary>
    public int Added { get; }

    /// <summary>Vendors already queued whose contacts or fields changed.</summary>
    public int Updated { get; }

    /// <summary>Vendors already present that kept everything, state included.</summary>
    public int Unchanged { get; }
}
