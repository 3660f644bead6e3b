using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Assistant.Privacy;

/// <summary>What identifies one customer in a text: the details their contact holds. Never shown; only looked for.</summary>
public sealed record CustomerIdentity(
    string? Name, string? Email, string? Phone, string? Identifier, string? Company, IReadOnlyCollection<string> Attributes)
{
    public static CustomerIdentity From(Contact contact, string? displayName = null) =>
        new(contact.Name ?? displayName, contact.Email, contact.Phone, contact.Identifier, contact.Company, [.. contact.Attributes.Values]);

    /// <summary>A person known only by the name they wrote under (a sender without a contact).</summary>
    public static CustomerIdentity Named(string name) => new(name, null, null, null, null, []);
}
