using System.Globalization;
using Microsoft.AspNetCore.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Privacy.Pages;

/// <summary>Erasing a contact, confirmed by typing their name (or ERASE); shows what goes and what stays first.</summary>
public sealed partial class ContactErasePage
{
    private ContactErasure? _plan;
    private string _name = "";
    private string? _typed;
    private string? _error;
    private bool _busy;
    private bool _interactive;
    private bool _justErased;
    private ChatCaller _me = null!;

    [Inject] private ContactErasureService Erasure { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;

    [Parameter] public long ContactId { get; set; }

    private bool Confirmed =>
        _typed?.Trim() is { Length: > 0 } typed
        && (typed == "ERASE" || string.Equals(typed, _name.Trim(), StringComparison.CurrentCultureIgnoreCase));

    protected override async Task OnParametersSetAsync()
    {
        _me = await CurrentUser.GetAsync();
        try
        {
            (_name, _plan) = await Erasure.PreviewAsync(_me, ContactId);
        }
        catch (ChatNotFoundException)
        {
            _error = "This contact does not exist.";
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task EraseAsync()
    {
        if (!Confirmed)
            return;
        _busy = true;
        _error = null;
        try
        {
            var result = await Erasure.EraseAsync(_me, await CurrentActor.GetAsync(), ContactId);
            _plan = result with { AlreadyErased = true };
            _justErased = true;
        }
        catch (Exception e) when (e is ChatNotFoundException or ChatForbiddenException)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Plural(int n, string what) =>
        $"{n.ToString("N0", CultureInfo.InvariantCulture)} {what}{(n == 1 ? "" : "s")}";
}
