using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports.Pages;

/// <summary>
/// The reports, one at a time: the range (a preset or any dates), the filters and the time zone live in the address
/// bar, so a view can be reloaded and shared; changing any of them navigates, and the report runs again.
/// </summary>
public sealed partial class ReportsPage : IDisposable
{
    private const string Custom = "custom";

    private ReportQuery _query = new(DateOnly.MinValue, DateOnly.MinValue);
    private string _name = "";
    private IReport? _report;
    private ReportResult? _result;
    private string? _error;
    private bool _loading;
    private bool _interactive;
    private DateRange _range = new();
    private ReportFilterChoices? _choices;
    private CancellationTokenSource? _run;

    [Parameter] public string? Name { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "tz")] public string? Tz { get; set; }
    [SupplyParameterFromQuery(Name = "channel")] public string? Channel { get; set; }
    [SupplyParameterFromQuery(Name = "team")] public string? Team { get; set; }
    [SupplyParameterFromQuery(Name = "agent")] public string? Agent { get; set; }
    [SupplyParameterFromQuery(Name = "label")] public string? Label { get; set; }

    [Inject] private ReportService Reports { get; set; } = null!;
    [Inject] private ReportLookups Lookups { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    private DateOnly Today => ReportRange.Today(Clock.GetUtcNow(), TimeZoneInfo.TryFindSystemTimeZoneById(_query.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc);

    private string PresetValue => ReportRange.Matching(_query.From, _query.To, Today)?.ToString() ?? Custom;

    protected override async Task OnInitializedAsync()
    {
        Time.Changed += OnZoneChanged;
        try
        {
            _choices = await Lookups.FiltersAsync(await CurrentUser.GetAsync());
        }
        catch (ChatForbiddenException e)
        {
            _error = e.Message;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _report = Reports.All.FirstOrDefault(r => string.Equals(r.Name, Name, StringComparison.OrdinalIgnoreCase))
            ?? (Name is null ? Reports.All.FirstOrDefault() : null);
        _name = _report?.Name ?? Name ?? "";
        _query = ReportRange.Parse(From, To, Tz, Channel, Team, Agent, Label, Clock.GetUtcNow(), Time.Zone.Id);
        _range = new DateRange(_query.From.ToDateTime(TimeOnly.MinValue), _query.To.ToDateTime(TimeOnly.MinValue));
        await RunAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _interactive = true;
        StateHasChanged();
    }

    private async Task RunAsync()
    {
        if (_run is { } previous)
        {
            await previous.CancelAsync();
            previous.Dispose();
        }
        var run = _run = new CancellationTokenSource();
        if (_name.Length == 0)
            return; // no report installed
        _loading = true;
        try
        {
            var result = await Reports.RunAsync(await CurrentUser.GetAsync(), _name, _query, run.Token);
            (_result, _error) = (result, null);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested || _run != run)
        {
            return; // a newer query replaced this one
        }
        catch (Exception e) when (e is ChatValidationException or ChatForbiddenException)
        {
            (_result, _error) = (null, e.Message);
        }
        catch (ChatNotFoundException)
        {
            (_result, _error) = (null, $"There is no report named “{_name}”. Choose one of the reports above.");
        }
        _loading = false;
    }

    private Task ChoosePresetAsync(string? value)
    {
        if (!Enum.TryParse<ReportPreset>(value, out var preset))
            return Task.CompletedTask; // "custom": the dates are chosen in the picker
        var (from, to) = ReportRange.Of(preset, Today);
        return FilterAsync(_query with { From = from, To = to });
    }

    private Task ChooseRangeAsync(DateRange? range)
    {
        if (range?.Start is not { } start || range.End is not { } end)
            return Task.CompletedTask;
        return FilterAsync(_query with { From = DateOnly.FromDateTime(start), To = DateOnly.FromDateTime(end) });
    }

    private Task FilterAsync(ReportQuery query)
    {
        Navigation.NavigateTo(ReportRange.Page(_name, query));
        return Task.CompletedTask;
    }

    private static string PresetLabel(string? value) =>
        Enum.TryParse<ReportPreset>(value, out var preset) ? ReportRange.Label(preset) : "Custom range";

    private static string ChoiceName(IReadOnlyList<ReportChoice>? choices, string? id, string all) =>
        string.IsNullOrEmpty(id) ? all : choices?.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    /// <summary>Without a time zone in the address, the report follows the viewer's, which may arrive after the first paint.</summary>
    private void OnZoneChanged()
    {
        if (Tz is not null)
            return;
        _ = InvokeAsync(async () =>
        {
            _query = _query with { TimeZone = Time.Zone.Id };
            await RunAsync();
            StateHasChanged();
        });
    }

    public void Dispose()
    {
        Time.Changed -= OnZoneChanged;
        _run?.Cancel();
        _run?.Dispose();
    }
}
