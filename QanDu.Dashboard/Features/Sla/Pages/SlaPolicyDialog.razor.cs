using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Labels;

namespace QanDu.Dashboard.Features.Sla.Pages;

public sealed partial class SlaPolicyDialog
{
    private const string Any = "";
    private IReadOnlyList<LabelView> _labels = [];
    private IReadOnlyList<ChannelView> _channels = [];
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string _name = "";
    private string _priority = Any;
    private long _labelId;
    private long _channelId;
    private int? _first;
    private int? _next;
    private int? _resolution;
    private bool _businessHours;
    private bool _enabled = true;
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = null!;
    [Inject] private SlaPolicyService Policies { get; set; } = null!;
    [Inject] private LabelService Labels { get; set; } = null!;
    [Inject] private ChannelService Channels { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;

    /// <summary>The policy to edit; null creates one.</summary>
    [Parameter] public SlaPolicyView? Policy { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (Policy is { } p)
        {
            (_name, _priority, _labelId, _channelId) = (p.Name, p.Priority?.ToString() ?? Any, p.LabelId ?? 0, p.ChannelId ?? 0);
            (_first, _next, _resolution, _businessHours, _enabled) = (p.FirstResponseMinutes, p.NextResponseMinutes, p.ResolutionMinutes, p.BusinessHoursOnly, p.Enabled);
        }
        _labels = await Labels.ListAsync();
        _channels = await Channels.ListAsync(await CurrentUser.GetAsync());
    }

    // The selects show a name, not the value behind it.
    private static string PriorityText(string? priority) => string.IsNullOrEmpty(priority) ? "Any priority" : priority;

    private string LabelText(long id) => id == 0 ? "Any label" : _labels.FirstOrDefault(l => l.Id == id)?.Name ?? $"Label {id}";

    private string ChannelText(long id) => id == 0 ? "Any channel" : _channels.FirstOrDefault(c => c.Id == id)?.Name ?? $"Channel {id}";

    private string? Error(string field) => _errors.TryGetValue(field, out var errors) ? string.Join(" ", errors) : null;

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var request = new SaveSlaPolicyRequest(_name, _priority == Any ? null : Enum.Parse<PriorityLevel>(_priority),
                _labelId == 0 ? null : _labelId, _channelId == 0 ? null : _channelId, _first, _next, _resolution, _businessHours, _enabled);
            var caller = await CurrentUser.GetAsync();
            var actor = await CurrentActor.GetAsync();
            var saved = Policy is { } p
                ? await Policies.UpdateAsync(caller, actor, p.Id, request)
                : await Policies.CreateAsync(caller, actor, request);
            Dialog.Close(DialogResult.Ok(saved));
        }
        catch (ChatValidationException e)
        {
            _errors = e.Errors;
        }
        catch (ChatConflictException e)
        {
            _errors = new Dictionary<string, string[]> { ["name"] = [e.Message] };
        }
        catch (ChatNotFoundException)
        {
            _errors = new Dictionary<string, string[]> { ["name"] = ["This policy was deleted meanwhile: cancel, and create it again."] };
        }
        finally
        {
            _busy = false;
        }
    }
}
