using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Channels.Pages;

/// <summary>The admins' website channels: list with snippets, create and edit (in place), rotate the token, delete; kept live.</summary>
public sealed partial class ChannelAdmin : IDisposable
{
    private IReadOnlyList<ChannelView>? _channels;
    private Editing? _editing;
    private IDisposable? _subscription;
    private bool _interactive; // the prerendered page ignores input until the circuit is connected

    [Inject] private ChannelService Channels { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Events.Subscribe(null, e => e is ChannelsChanged or TeamsChanged ? InvokeAsync(ReloadAsync) : Task.CompletedTask);
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _interactive = true;
        StateHasChanged();
    }

    private async Task ReloadAsync()
    {
        _channels = await Channels.ListAsync(await CurrentUser.GetAsync());
        StateHasChanged();
    }

    private void New() => _editing = new Editing(null);

    private void Edit(ChannelView channel) => _editing = new Editing(channel);

    private void Close() => _editing = null;

    private async Task SavedAsync(ChannelView saved)
    {
        _editing = null; // back to the list, where the channel's snippet is
        await ReloadAsync();
    }

    private async Task RotateTokenAsync(ChannelView channel)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Generate a new website token?",
            $"The snippet of “{channel.Name}” changes and the widget stops working on pages that still have the old one, until you replace it there.",
            yesText: "New token", cancelText: "Cancel");
        if (confirmed != true)
            return;
        await RunAsync(async () =>
        {
            await Channels.RotateTokenAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), channel.Id);
            Snackbar.Add($"New token for “{channel.Name}”: copy the new snippet to your website.", Severity.Warning);
        }, channel);
    }

    private async Task DeleteAsync(ChannelView channel)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this website channel?",
            $"The widget stops working on the sites of “{channel.Name}”. Its conversations and contacts stay, with their history. This cannot be undone.",
            yesText: "Delete channel", cancelText: "Cancel");
        if (confirmed != true)
            return;
        await RunAsync(async () =>
        {
            await Channels.DeleteAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), channel.Id);
            Snackbar.Add($"Channel “{channel.Name}” deleted.", Severity.Normal);
        }, channel);
    }

    private async Task RunAsync(Func<Task> action, ChannelView channel)
    {
        try
        {
            await action();
        }
        catch (ChatNotFoundException)
        {
            Snackbar.Add($"Channel “{channel.Name}” was already deleted.", Severity.Info);
        }
        await ReloadAsync();
    }

    private async Task CopyAsync(string text)
    {
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", text);
            Snackbar.Add("Snippet copied.", Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow copying here: select the snippet and copy it.", Severity.Info);
        }
    }

    public void Dispose() => _subscription?.Dispose();

    /// <summary>The editor's subject (null: a new channel); a new instance re-creates the editor (<c>@key</c>).</summary>
    private sealed record Editing(ChannelView? Channel);
}
