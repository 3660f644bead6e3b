using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Profile.Pages;

public sealed partial class ProfilePage
{
    private ProfileView? _profile;
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string _name = "";
    private string _language = "en";
    private string? _timeZone;
    private string? _browserZone;
    private string _current = "", _new = "", _confirm = "";
    private bool _busy;
    private bool _interactive;

    [Inject] private ProfileService Profiles { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;
    [Inject] private IOptions<IdentityOptions> Identity { get; set; } = null!;

    /// <summary>How the last password change went (the form post redirects back with it).</summary>
    [SupplyParameterFromQuery] private string? Password { get; set; }

    private PasswordOptions PasswordOptions => Identity.Value.Password;

    private string? PasswordMessage => Password switch
    {
        "changed" => "Your password was changed. Every other session was signed out.",
        "wrong" => "The current password is not right. Nothing was changed.",
        "mismatch" => "The two new passwords differ. Nothing was changed.",
        "same" => "The new password is the same as the current one. Choose a different one.",
        "rejected" => "The new password does not meet the rules below. Nothing was changed.",
        "missing" => "Enter your current password and a new one.",
        "throttled" => "Too many attempts. Wait a minute and try again.",
        _ => null,
    };

    protected override async Task OnInitializedAsync() => await LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        _browserZone = await Js.InvokeAsync<string>("qandu.timeZone");
        // Not chosen yet: times follow this browser, so the form starts from its zone.
        if (_timeZone is null && TimeZones.IsKnown(_browserZone))
            _timeZone = _browserZone;
        _interactive = true;
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        _profile = await Profiles.GetAsync(await CurrentUser.GetAsync());
        _name = _profile.DisplayName;
        _language = _profile.Language;
        _timeZone = _profile.TimeZone;
    }

    private string? Error(string field) => _errors.TryGetValue(field, out var errors) ? string.Join(" ", errors) : null;

    private async Task<AuditActor> ActorAsync() => AuditActor.From(await CurrentUser.GetAsync());

    private Task RenameAsync() => RunAsync("Your name was saved.", async me => await Profiles.RenameAsync(me, _name, await ActorAsync()));

    private Task SetColorAsync(string color) => RunAsync("Your avatar colour was saved.", async me => await Profiles.SetColorAsync(me, color, await ActorAsync()));

    private Task RemovePictureAsync() => RunAsync("Your picture was removed.", async me => await Profiles.RemovePictureAsync(me, await ActorAsync()));

    private Task UploadAsync(InputFileChangeEventArgs e) => RunAsync("Your picture was saved.", async me =>
    {
        var file = e.File;
        if (file.Size > Profiles.PictureLimit)
            throw new ChatValidationException("avatar", $"{file.Name}: a picture can be at most {Files.FileSize.Format(Profiles.PictureLimit)}; this one is {Files.FileSize.Format(file.Size)}.");
        await using var stream = file.OpenReadStream(Profiles.PictureLimit);
        await Profiles.SetPictureAsync(me, file.Name, file.ContentType, file.Size, stream, await ActorAsync());
    });

    private Task SavePreferencesAsync() => RunAsync("Your language and time zone were saved.", async me =>
    {
        await Profiles.SavePreferencesAsync(me, _language, _timeZone ?? "");
        Time.SetZone(_timeZone); // every time on this page and in the app follows at once
    });

    private Task<IEnumerable<string>> SearchZonesAsync(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text) || text == _timeZone
            ? TimeZones.All
            : TimeZones.All.Where(z => z.Contains(text.Trim().Replace(' ', '_'), StringComparison.OrdinalIgnoreCase)));

    private async Task RunAsync(string done, Func<ChatCaller, Task> change)
    {
        _busy = true;
        try
        {
            await change(await CurrentUser.GetAsync());
            _errors = new Dictionary<string, string[]>();
            await LoadAsync();
            Snackbar.Add(done, Severity.Success);
        }
        catch (ChatValidationException ex)
        {
            _errors = ex.Errors;
        }
        finally
        {
            _busy = false;
        }
    }
}
