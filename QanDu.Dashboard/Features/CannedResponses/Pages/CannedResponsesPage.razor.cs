using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.CannedResponses.Pages;

/// <summary>The caller's canned responses (the team's and their own): search, create and edit in a dialog, delete with confirmation.</summary>
public sealed partial class CannedResponsesPage
{
    private IReadOnlyList<CannedResponseView>? _responses;
    private string _search = "";
    private string _scope = "all";
    private bool _interactive; // the prerendered page ignores input until the circuit is connected
    private ChatCaller? _me;

    [Inject] private CannedResponseService Responses { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _interactive = true;
        StateHasChanged();
    }

    private IReadOnlyList<CannedResponseView> Shown() => _scope switch
    {
        "shared" => [.. _responses!.Where(r => r.Shared)],
        "mine" => [.. _responses!.Where(r => !r.Shared)],
        _ => _responses!,
    };

    private static string Preview(string content)
    {
        var line = string.Join(' ', content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 90 ? line : line[..89] + "…";
    }

    private async Task ReloadAsync() => _responses = await Responses.ListAsync(_me!, _search);

    private async Task SearchAsync(string? search)
    {
        _search = search ?? "";
        await ReloadAsync();
    }

    private void ScopeChanged(string? scope) => _scope = scope ?? "all";

    private Task CreateAsync() => OpenDialogAsync(null);

    private Task EditAsync(CannedResponseView response) => OpenDialogAsync(response);

    private async Task OpenDialogAsync(CannedResponseView? response)
    {
        var parameters = new DialogParameters<CannedResponseDialog>
        {
            { d => d.Response, response },
            { d => d.ManagesShared, _me!.SeesAllThreads },
        };
        var dialog = await Dialogs.ShowAsync<CannedResponseDialog>(response is null ? "New canned response" : $"Edit /{response.ShortCode}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: CannedResponseView saved })
        {
            Snackbar.Add($"Saved /{saved.ShortCode}.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(CannedResponseView response)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this canned response?",
            $"“/{response.ShortCode} – {response.Title}” is deleted{(response.Shared ? " for the whole team" : "")}. This cannot be undone.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
            return;
        try
        {
            await Responses.DeleteAsync(_me!, response.Id);
            Snackbar.Add($"Deleted /{response.ShortCode}.", Severity.Info);
        }
        catch (ChatNotFoundException)
        {
            Snackbar.Add("It was already deleted.", Severity.Info);
        }
        catch (ChatForbiddenException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        await ReloadAsync();
    }
}
