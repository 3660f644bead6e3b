using Microsoft.AspNetCore.Components;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Users;

namespace QanDu.Dashboard.Features.Audit.Pages;

/// <summary>
/// The audit log for admins: filter by person, action and day range (days in the viewer's time zone), newest first,
/// older entries page by cursor; the export link carries the same filters.
/// </summary>
public sealed partial class AuditPage
{
    private List<AuditEntryView>? _entries;
    private long? _next;
    private IReadOnlyList<UserView> _people = [];
    private IReadOnlyList<string> _actions = [];
    private string? _actorId;
    private string? _action;
    private DateTime? _from;
    private DateTime? _to;
    private string? _error;
    private bool _busy;

    [Inject] private AuditReader Audit { get; set; } = null!;
    [Inject] private UserDirectory Users { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;

    private bool Filtered => _actorId is not null || _action is not null || _from is not null || _to is not null;

    protected override async Task OnInitializedAsync()
    {
        var me = await CurrentUser.GetAsync();
        _people = [.. (await Users.ListAsync(me)).Where(u => u.Roles.Count > 0)];
        _actions = await Audit.ActionsAsync(me);
        await LoadAsync();
    }

    private AuditQuery Query() => new(_actorId, _action, Utc(_from), Utc(_to?.AddDays(1)));

    /// <summary>The start of a local day, in UTC.</summary>
    private DateTime? Utc(DateTime? day) => day is { } d ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(d.Date, DateTimeKind.Unspecified), Time.Zone) : null;

    private string ExportHref
    {
        get
        {
            var query = Query();
            var parts = new List<string>();
            if (query.ActorId is { } actor) parts.Add("actor=" + Uri.EscapeDataString(actor));
            if (query.Action is { } action) parts.Add("action=" + Uri.EscapeDataString(action));
            if (query.From is { } from) parts.Add("from=" + Uri.EscapeDataString(from.ToString("o")));
            if (query.To is { } to) parts.Add("to=" + Uri.EscapeDataString(to.ToString("o")));
            return "/api/admin/audit.csv" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
        }
    }

    private async Task ApplyAsync(Action change)
    {
        change();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _error = null;
            var page = await Audit.ReadAsync(await CurrentUser.GetAsync(), Query());
            _entries = [.. page.Entries];
            _next = page.NextBefore;
        }
        catch (ChatValidationException e)
        {
            _error = e.Message;
            _entries = [];
            _next = null;
        }
    }

    private async Task LoadOlderAsync()
    {
        _busy = true;
        try
        {
            var page = await Audit.ReadAsync(await CurrentUser.GetAsync(), Query() with { Before = _next });
            _entries!.AddRange(page.Entries);
            _next = page.NextBefore;
        }
        finally
        {
            _busy = false;
        }
    }
}
