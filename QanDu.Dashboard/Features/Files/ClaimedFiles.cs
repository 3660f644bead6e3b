using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Files;

/// <summary>Uploads checked for one message, still in place: <see cref="Commit"/> moves them once the message is stored.</summary>
public sealed class ClaimedFiles(FileStore store, IReadOnlyList<string> uploadIds, IReadOnlyList<Attachment> attachments)
{
    public IReadOnlyList<Attachment> Attachments => attachments;

    /// <summary>After the commit: the files move to their stored place (what fails to move now is moved later).</summary>
    public void Commit()
    {
        foreach (var id in uploadIds)
            store.Settle(id);
    }
}
