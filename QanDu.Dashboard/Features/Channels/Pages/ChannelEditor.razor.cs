using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Teams;

namespace QanDu.Dashboard.Features.Channels.Pages;

/// <summary>Creates or edits one channel; the page shows it in place of the list.</summary>
public sealed partial class ChannelEditor
{
    private static readonly IReadOnlyList<string> Zones =
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Append("UTC").Distinct().Order(StringComparer.Ordinal)];

    private ChannelForm _form = ChannelForm.New();
    private IReadOnlyList<TeamChoice>? _teams;
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string? _problem;
    private bool _busy;
    private bool _showSecret;
    private string _secret = "";

    [Inject] private ChannelService Channels { get; set; } = null!;
    [Inject] private TeamService Teams { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;

    /// <summary>The channel to edit; null for a new one.</summary>
    [Parameter] public ChannelView? Channel { get; set; }

    /// <summary>Saved: the channel as stored now.</summary>
    [Parameter] public EventCallback<ChannelView> OnSaved { get; set; }

    [Parameter] public EventCallback OnClose { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _form = Channel is null ? ChannelForm.New() : ChannelForm.From(Channel);
        _secret = Channel?.IdentitySecret ?? "";
        _teams = await Teams.ChoicesAsync(await CurrentUser.GetAsync());
    }

    private string? Error(string field) => _errors.TryGetValue(field, out var errors) ? string.Join(" ", errors) : null;

    private static Task<IEnumerable<string>> SearchZones(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? Zones.AsEnumerable()
            : Zones.Where(z => z.Contains(text.Trim().Replace(' ', '_'), StringComparison.OrdinalIgnoreCase)));

    /// <summary>A new shift starts where the day's last one ends (a split shift), or at 9.</summary>
    private static ShiftForm NextShift(List<ShiftForm> shifts) => shifts.Count == 0
        ? new ShiftForm()
        : new ShiftForm { From = shifts[^1].To, To = shifts[^1].To == "24:00" ? "24:00" : "23:00" };

    private async Task SaveAsync()
    {
        _problem = null;
        if (!_form.AlwaysOpen && _form.Shifts.Values.All(s => s.Count == 0))
        {
            _errors = new Dictionary<string, string[]> { ["businessHours"] = ["Add at least one shift, or turn on Always open."] };
            return;
        }
        _busy = true;
        try
        {
            var caller = await CurrentUser.GetAsync();
            var actor = await CurrentActor.GetAsync();
            var saved = Channel is null
                ? await Channels.CreateAsync(caller, actor, _form.ToRequest())
                : await Channels.UpdateAsync(caller, actor, Channel.Id, _form.ToRequest());
            _errors = new Dictionary<string, string[]>();
            Snackbar.Add(Channel is null ? $"Channel “{saved.Name}” created. Put its snippet on your website." : $"Channel “{saved.Name}” saved.", Severity.Success);
            await OnSaved.InvokeAsync(saved);
        }
        catch (ChatValidationException e)
        {
            _errors = e.Errors;
            _problem = "Fix these and save again: " + string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        catch (ChatNotFoundException)
        {
            _problem = "This channel was deleted meanwhile.";
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RotateSecretAsync()
    {
        if (Channel is null)
            return;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Rotate the identity secret?",
            "A new secret is generated. Hashes made with the current one are refused at once: update the secret on your server right after.",
            yesText: "Rotate secret", cancelText: "Cancel");
        if (confirmed != true)
            return;
        try
        {
            _secret = (await Channels.RotateSecretAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), Channel.Id)).IdentitySecret;
            _showSecret = true;
            Snackbar.Add("New identity secret generated: update it on your server.", Severity.Warning);
        }
        catch (ChatNotFoundException)
        {
            _problem = "This channel was deleted meanwhile.";
        }
    }

    private async Task CopySecretAsync()
    {
        if (Channel is null)
            return;
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", _secret);
            Snackbar.Add("Secret copied.", Severity.Success);
        }
        catch (JSException)
        {
            _showSecret = true; // no clipboard (an insecure origin): the secret stays selectable on screen
        }
    }
}
