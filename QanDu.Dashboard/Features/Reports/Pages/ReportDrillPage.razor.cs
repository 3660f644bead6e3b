using Microsoft.AspNetCore.Components;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports.Pages;

/// <summary>The conversations behind a figure or a table cell of a report, for the same range and filters, newest first.</summary>
public sealed partial class ReportDrillPage
{
    private const int Limit = 500;

    private ReportQuery _query = new(DateOnly.MinValue, DateOnly.MinValue);
    private IReadOnlyList<ReportConversation>? _rows;
    private string? _error;
    private string _title = "";

    [Parameter] public string Name { get; set; } = "";

    [Parameter] public string Key { get; set; } = "";

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "tz")] public string? Tz { get; set; }
    [SupplyParameterFromQuery(Name = "channel")] public string? Channel { get; set; }
    [SupplyParameterFromQuery(Name = "team")] public string? Team { get; set; }
    [SupplyParameterFromQuery(Name = "agent")] public string? Agent { get; set; }
    [SupplyParameterFromQuery(Name = "label")] public string? Label { get; set; }

    [Inject] private ReportService Reports { get; set; } = null!;
    [Inject] private ReportConversations Conversations { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        _title = Reports.All.FirstOrDefault(r => string.Equals(r.Name, Name, StringComparison.OrdinalIgnoreCase))?.Title ?? Name;
        _query = ReportRange.Parse(From, To, Tz, Channel, Team, Agent, Label, Clock.GetUtcNow(), Time.Zone.Id);
        (_rows, _error) = (null, null);
        try
        {
            var caller = await CurrentUser.GetAsync();
            _rows = (await Conversations.ListAsync(caller, Name, Key, _query, Limit)).Conversations;
        }
        catch (Exception e) when (e is ChatValidationException or ChatForbiddenException)
        {
            _error = e.Message;
        }
        catch (ChatNotFoundException)
        {
            _error = $"There is no report named “{Name}”.";
        }
    }

    private static string StatusText(string status) => string.Concat(char.ToUpperInvariant(status[0]).ToString(), status[1..]);
}
