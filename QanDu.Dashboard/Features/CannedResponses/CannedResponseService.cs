using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.CannedResponses;

/// <summary>
/// Canned responses, the one write path of their table. Shared ones belong to the team: everyone on staff uses them,
/// admins and supervisors manage them. Personal ones belong to one person: nobody else sees them (another's answers
/// not found). <see cref="FillAsync"/> fills the variables for a conversation the caller can see.
/// </summary>
public sealed partial class CannedResponseService(IDbContextFactory<ChatDbContext> dbFactory, IOptions<MessageOptions> messages, TimeProvider clock)
{
    public const int MaxShortCodeLength = 40;
    public const int MaxTitleLength = 100;

    /// <summary>The shared ones and the caller's own, by short code; <paramref name="search"/> matches code, title or text.</summary>
    public async Task<IReadOnlyList<CannedResponseView>> ListAsync(ChatCaller caller, string? search = null, CancellationToken ct = default)
    {
        caller.RequireStaff("Canned responses");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Usable(db, caller);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + EscapeLike(search.Trim()) + "%";
            query = query.Where(c => EF.Functions.Like(c.ShortCode, pattern, "\\") || EF.Functions.Like(c.Title, pattern, "\\")
                                     || EF.Functions.Like(c.Content, pattern, "\\"));
        }
        var found = await query.AsNoTracking().ToListAsync(ct);
        return [.. found.OrderBy(c => c.ShortCode, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.OwnerId is null ? 0 : 1).Select(c => View(caller, c))];
    }

    public async Task<CannedResponseView> GetAsync(ChatCaller caller, long id, CancellationToken ct = default)
    {
        caller.RequireStaff("Canned responses");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return View(caller, await RequireUsableAsync(db, caller, id, ct));
    }

    public async Task<CannedResponseView> CreateAsync(ChatCaller caller, CannedResponseRequest request, CancellationToken ct = default)
    {
        caller.RequireStaff("Canned responses");
        var (shortCode, title, content) = Validate(request);
        if (request.Shared)
            RequireManagesShared(caller);
        var ownerId = request.Shared ? null : caller.UserId;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireFreeCodeAsync(db, ownerId, shortCode, exceptId: null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var response = new CannedResponse
        {
            ShortCode = shortCode, Title = title, Content = content, OwnerId = ownerId, CreatedById = caller.UserId, CreatedAt = now, UpdatedAt = now,
        };
        db.CannedResponses.Add(response);
        await db.SaveChangesAsync(ct);
        return View(caller, response);
    }

    /// <summary>Changes code, title and text; <c>Shared</c> moves it between the team's and the caller's own (managers only).</summary>
    public async Task<CannedResponseView> UpdateAsync(ChatCaller caller, long id, CannedResponseRequest request, CancellationToken ct = default)
    {
        caller.RequireStaff("Canned responses");
        var (shortCode, title, content) = Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var response = await RequireUsableAsync(db, caller, id, ct);
        RequireCanEdit(caller, response);
        if (request.Shared != (response.OwnerId is null))
            RequireManagesShared(caller); // sharing one's own, or taking a shared one private
        var ownerId = request.Shared ? null : response.OwnerId ?? caller.UserId;
        await RequireFreeCodeAsync(db, ownerId, shortCode, exceptId: id, ct);
        (response.ShortCode, response.Title, response.Content, response.OwnerId) = (shortCode, title, content, ownerId);
        response.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return View(caller, response);
    }

    public async Task DeleteAsync(ChatCaller caller, long id, CancellationToken ct = default)
    {
        caller.RequireStaff("Canned responses");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var response = await RequireUsableAsync(db, caller, id, ct);
        RequireCanEdit(caller, response);
        db.CannedResponses.Remove(response);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The response's text for a conversation: <c>{{contact.name}}</c> and <c>{{contact.email}}</c> of its contact (or, for
    /// a conversation without one, its first participant who is not staff), <c>{{agent.name}}</c> of the caller and
    /// <c>{{conversation.id}}</c>. Not found for a conversation the caller may not see.
    /// </summary>
    public async Task<FilledCannedResponse> FillAsync(ChatCaller caller, long id, long threadId, CancellationToken ct = default)
    {
        caller.RequireStaff("Canned responses");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var response = await RequireUsableAsync(db, caller, id, ct);
        var thread = await db.RequireVisibleAsync(caller, threadId, ct);
        var (name, email) = await ContactOfAsync(db, thread, ct);
        var values = new Dictionary<string, string?>
        {
            [CannedResponseVariables.ContactName] = name,
            [CannedResponseVariables.ContactEmail] = email,
            [CannedResponseVariables.AgentName] = caller.DisplayName,
            [CannedResponseVariables.ConversationId] = threadId.ToString(CultureInfo.InvariantCulture),
        };
        var (content, unfilled) = CannedResponseVariables.Fill(response.Content, values);
        return new FilledCannedResponse(response.Id, content, unfilled);
    }

    /// <summary>Who the conversation is with: its contact, else its first participant without a staff role.</summary>
    private static async Task<(string? Name, string? Email)> ContactOfAsync(ChatDbContext db, ChatThread thread, CancellationToken ct)
    {
        if (thread.ContactId is { } contactId
            && await db.Contacts.AsNoTracking().Where(c => c.Id == contactId).Select(c => new { c.Name, c.Email }).FirstOrDefaultAsync(ct) is { } contact)
            return (contact.Name, contact.Email);
        var staffRoleIds = db.Roles.Where(r => Roles.All.Contains(r.Name!)).Select(r => r.Id);
        var customer = await db.Set<ThreadParticipant>().AsNoTracking()
            .Where(p => p.ThreadId == thread.Id && !db.UserRoles.Any(ur => ur.UserId == p.UserId && staffRoleIds.Contains(ur.RoleId)))
            .OrderBy(p => p.JoinedAt)
            .Select(p => new { p.User!.DisplayName, p.User.Email })
            .FirstOrDefaultAsync(ct);
        return customer is null ? (null, null) : (customer.DisplayName, customer.Email);
    }

    /// <summary>The shared ones and the caller's own; the app itself (demo data) uses the shared ones.</summary>
    private static IQueryable<CannedResponse> Usable(ChatDbContext db, ChatCaller caller) =>
        db.CannedResponses.Where(c => c.OwnerId == null || c.OwnerId == caller.UserId);

    private static async Task<CannedResponse> RequireUsableAsync(ChatDbContext db, ChatCaller caller, long id, CancellationToken ct) =>
        await Usable(db, caller).FirstOrDefaultAsync(c => c.Id == id, ct)
        ?? throw new ChatNotFoundException($"Canned response {id}");

    /// <summary>Admins and supervisors manage the team's; the app itself seeds them.</summary>
    private static bool ManagesShared(ChatCaller caller) => caller.SeesAllThreads && caller.Kind != CallerKind.Visitor;

    private static void RequireManagesShared(ChatCaller caller)
    {
        if (!ManagesShared(caller))
            throw new ChatForbiddenException("Only admins and supervisors manage the team's shared canned responses; save it as your own instead.");
    }

    private static void RequireCanEdit(ChatCaller caller, CannedResponse response)
    {
        if (response.OwnerId is null)
            RequireManagesShared(caller);
    }

    private static CannedResponseView View(ChatCaller caller, CannedResponse c) =>
        new(c.Id, c.ShortCode, c.Title, c.Content, c.OwnerId is null, c.OwnerId is not null || ManagesShared(caller), c.UpdatedAt);

    private (string ShortCode, string Title, string Content) Validate(CannedResponseRequest request)
    {
        TextInput.RefuseNul("shortCode", request.ShortCode);
        TextInput.RefuseNul("title", request.Title);
        TextInput.RefuseNul("content", request.Content);
        var shortCode = (request.ShortCode ?? "").Trim().TrimStart('/');
        var title = (request.Title ?? "").Trim();
        var content = (request.Content ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        if (shortCode.Length is 0 or > MaxShortCodeLength || !ShortCodePattern().IsMatch(shortCode))
            errors["shortCode"] = [$"A short code is 1 to {MaxShortCodeLength} letters, digits, '-' or '_' (no spaces), such as 'refund-policy'."];
        if (title.Length is 0 or > MaxTitleLength)
            errors["title"] = [$"A title is 1 to {MaxTitleLength} characters."];
        var max = messages.Value.MaxMessageLength;
        if (content.Length == 0 || content.Length > max)
            errors["content"] = [$"The text is 1 to {max:N0} characters (the longest message)."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return (shortCode, title, content);
    }

    private static async Task RequireFreeCodeAsync(ChatDbContext db, string? ownerId, string shortCode, long? exceptId, CancellationToken ct)
    {
        // The column compares without case (NOCASE), as the index does.
        if (await db.CannedResponses.AnyAsync(c => c.OwnerId == ownerId && c.ShortCode == shortCode && c.Id != exceptId, ct))
            throw new ChatValidationException("shortCode", ownerId is null
                ? $"The team already has a shared canned response '/{shortCode}'; choose another short code."
                : $"You already have a canned response '/{shortCode}'; choose another short code.");
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    [GeneratedRegex(@"^[\p{L}\p{N}_-]+$")]
    private static partial Regex ShortCodePattern();
}
