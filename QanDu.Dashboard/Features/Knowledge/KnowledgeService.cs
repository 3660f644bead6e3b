using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>
/// The knowledge base: everyone signed in reads published articles; supervisors and admins also see candidates and
/// rejected ones, and they alone write. Edits carry the version they were based on; a stale one is refused.
/// Every change publishes <see cref="KnowledgeChanged"/> after the commit.
/// </summary>
public sealed partial class KnowledgeService(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, AuditLog audit, TimeProvider clock)
{
    public const int MaxTitle = 200;
    public const int MaxBody = 50_000;
    public const int MaxTags = 500;

    /// <summary>The articles the caller may read, filtered by words, status, audience and language (each optional).</summary>
    public async Task<IReadOnlyList<KnowledgeListItem>> ListAsync(
        ChatCaller caller, string? query = null, KnowledgeStatus? status = null, KnowledgeAudience? audience = null, string? language = null,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var articles = Readable(db, caller);
        if (status is { } wanted)
            articles = articles.Where(a => a.Status == wanted);
        if (audience is { } forWhom)
            articles = articles.Where(a => a.Audience == forWhom);
        if (language?.Trim().ToLowerInvariant() is { Length: > 0 } lang)
            articles = articles.Where(a => a.Language == lang);
        List<long>? ranked = null;
        if (KnowledgeText.ListMatch(query) is { } match)
        {
            ranked = await KnowledgeSql.MatchingIdsAsync(db, match, ct);
            articles = articles.Where(a => ranked.Contains(a.Id));
        }
        var rows = await articles
            .Select(a => new { a.Id, a.Title, a.Language, a.Tags, a.Status, a.Audience, a.UpdatedAt, Author = db.Users.Where(u => u.Id == (a.UpdatedById ?? a.CreatedById)).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        var items = rows.Select(r => new KnowledgeListItem(r.Id, r.Title, r.Language, SplitTags(r.Tags), r.Status, r.UpdatedAt, r.Author, r.Audience));
        return ranked is null
            ? [.. items.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id)]
            : [.. items.OrderBy(i => ranked.IndexOf(i.Id))];
    }

    public async Task<KnowledgeArticleView> GetAsync(ChatCaller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Views(db, Readable(db, caller).Where(a => a.Id == id)).FirstOrDefaultAsync(ct)
               ?? throw new ChatNotFoundException($"Knowledge article {id}");
    }

    /// <summary>A new article, audited as <c>knowledge.created</c> (<paramref name="actor"/> defaults to the caller).</summary>
    public async Task<KnowledgeArticleView> CreateAsync(ChatCaller caller, SaveKnowledgeRequest request, AuditActor? actor = null, CancellationToken ct = default)
    {
        RequireWriter(caller);
        var valid = Validate(request, isEdit: false);
        var now = clock.GetUtcNow().UtcDateTime;
        var article = new KnowledgeArticle
        {
            Title = valid.Title, Body = valid.Body, Language = valid.Language, Tags = valid.Tags,
            Status = request.Status ?? KnowledgeStatus.Published, Audience = request.Audience ?? KnowledgeAudience.Internal, Source = request.Source, SourceMessageId = request.SourceMessageId,
            CreatedById = caller.UserId, UpdatedById = caller.UserId, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.KnowledgeArticles.Add(article);
            await db.SaveChangesAsync(ct);
            audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("knowledge.created", "knowledge", article.Id.ToString(), article.Title,
                After: new { title = article.Title, language = article.Language, tags = article.Tags, status = article.Status.ToString(), audience = article.Audience.ToString(), body = KnowledgeAudit.Excerpt(article.Body) }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        events.Publish(new KnowledgeChanged(article.Id));
        return await GetAsync(caller, article.Id, ct);
    }

    /// <summary>
    /// Saves an edit, audited with the changed fields as <c>knowledge.updated</c>, or <c>knowledge.published</c> when it
    /// publishes the article.
    /// </summary>
    public async Task<KnowledgeArticleView> UpdateAsync(ChatCaller caller, long id, SaveKnowledgeRequest request, AuditActor? actor = null, CancellationToken ct = default)
    {
        RequireWriter(caller);
        var valid = Validate(request, isEdit: true);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var article = await db.KnowledgeArticles.FirstOrDefaultAsync(a => a.Id == id, ct)
                          ?? throw new ChatNotFoundException($"Knowledge article {id}");
            if (article.Version != request.Version)
                throw Stale(article);
            // The token is compared again in the UPDATE itself, so an edit committed between our read and write is caught too.
            db.Entry(article).Property(a => a.Version).OriginalValue = request.Version!.Value;
            var before = KnowledgeAudit.Snapshot(article);
            article.Title = valid.Title;
            article.Body = valid.Body;
            article.Language = valid.Language;
            article.Tags = valid.Tags;
            article.Status = request.Status ?? article.Status;
            article.Audience = request.Audience ?? article.Audience;
            article.UpdatedById = caller.UserId;
            article.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            article.Version = request.Version.Value + 1;
            if (KnowledgeAudit.Changes(before, KnowledgeAudit.Snapshot(article)) is { } changes)
                audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord(
                    before.Status != KnowledgeStatus.Published && article.Status == KnowledgeStatus.Published ? "knowledge.published" : "knowledge.updated",
                    "knowledge", id.ToString(), article.Title, changes.Before, changes.After));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw Stale(article);
            }
        }
        events.Publish(new KnowledgeChanged(id));
        return await GetAsync(caller, id, ct);
    }

    /// <summary>Deletes an article, audited as <c>knowledge.deleted</c> with what it held.</summary>
    public async Task DeleteAsync(ChatCaller caller, long id, AuditActor? actor = null, CancellationToken ct = default)
    {
        RequireWriter(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var article = await db.KnowledgeArticles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null || await db.KnowledgeArticles.Where(a => a.Id == id).ExecuteDeleteAsync(ct) == 0)
            throw new ChatNotFoundException($"Knowledge article {id}");
        audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("knowledge.deleted", "knowledge", id.ToString(), article.Title,
            Before: new { title = article.Title, language = article.Language, status = article.Status.ToString(), audience = article.Audience.ToString(), body = KnowledgeAudit.Excerpt(article.Body) }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        events.Publish(new KnowledgeChanged(id));
    }

    /// <summary>Agents read published articles only; a candidate or rejected article is "not found" for them.</summary>
    private static IQueryable<KnowledgeArticle> Readable(ChatDbContext db, ChatCaller caller) =>
        caller.SeesAllThreads ? db.KnowledgeArticles.AsNoTracking() : db.KnowledgeArticles.AsNoTracking().Where(a => a.Status == KnowledgeStatus.Published);

    private static IQueryable<KnowledgeArticleView> Views(ChatDbContext db, IQueryable<KnowledgeArticle> articles) =>
        articles.Select(a => new KnowledgeArticleView(
            a.Id, a.Title, a.Body, a.Language, SplitTags(a.Tags), a.Status, a.Source, a.SourceMessageId,
            db.Users.Where(u => u.Id == a.CreatedById).Select(u => u.DisplayName).FirstOrDefault(),
            db.Users.Where(u => u.Id == a.UpdatedById).Select(u => u.DisplayName).FirstOrDefault(),
            a.CreatedAt, a.UpdatedAt, a.Version, a.Audience));

    private static void RequireWriter(ChatCaller caller)
    {
        if (!caller.SeesAllThreads)
            throw new ChatForbiddenException("Only supervisors and admins edit the knowledge base.");
    }

    private static ChatConflictException Stale(KnowledgeArticle article) =>
        new($"“{article.Title}” was changed by someone else since you opened it. Reload it to see their version, then make your change again.");

    internal static IReadOnlyList<string> SplitTags(string? tags) =>
        string.IsNullOrWhiteSpace(tags) ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
