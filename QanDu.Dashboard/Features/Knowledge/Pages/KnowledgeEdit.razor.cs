using Microsoft.AspNetCore.Components;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Knowledge.Pages;

/// <summary>
/// Writes or edits an article. The edit carries the version it started from: if someone saved in between, the save is
/// refused with a message and the user's text stays in the form.
/// </summary>
public sealed partial class KnowledgeEdit
{
    private sealed record Initial(string Title, string Language, string Tags, string Body, string Status, KnowledgeAudience Audience);

    // A new article is for staff until someone decides customers should read it.
    private Initial _initial = new("", "en", "", "", nameof(KnowledgeStatus.Published), KnowledgeAudience.Internal);
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string _title = "", _language = "en", _tags = "", _body = "";
    private string? _statusText;
    private KnowledgeAudience _audience = KnowledgeAudience.Internal;
    private int? _version;
    private string? _conflict, _error;
    private bool _ready, _forbidden, _notFound, _busy, _preview;
    private int _formKey;

    [Inject] private KnowledgeService Knowledge { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private MarkdownRenderer Markdown { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Parameter] public long? Id { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var caller = await CurrentUser.GetAsync();
        _forbidden = !caller.SeesAllThreads;
        if (_forbidden)
            return;
        await LoadAsync(caller);
    }

    private async Task LoadAsync(ChatCaller caller)
    {
        if (Id is { } id)
        {
            try
            {
                var article = await Knowledge.GetAsync(caller, id);
                _initial = new Initial(article.Title, article.Language, string.Join(", ", article.Tags), article.Body, article.Status.ToString(), article.Audience);
                _version = article.Version;
            }
            catch (ChatNotFoundException)
            {
                _notFound = true;
                return;
            }
        }
        (_title, _language, _tags, _body, _statusText, _audience) = (_initial.Title, _initial.Language, _initial.Tags, _initial.Body, _initial.Status, _initial.Audience);
        _formKey++; // a fresh form: its inputs take the new first values
        _ready = true;
    }

    private string? Error(string field) => _errors.TryGetValue(field, out var errors) ? string.Join(" ", errors) : null;

    private static string Text(ChangeEventArgs e) => e.Value as string ?? "";

    private void TogglePreview(bool preview) => _preview = preview;

    private async Task ReloadLatest()
    {
        (_conflict, _error, _errors) = (null, null, new Dictionary<string, string[]>());
        await LoadAsync(await CurrentUser.GetAsync());
    }

    private async Task SaveAsync()
    {
        if (_busy)
            return;
        _busy = true;
        try
        {
            var caller = await CurrentUser.GetAsync();
            var status = Enum.TryParse<KnowledgeStatus>(_statusText, out var s) ? s : (KnowledgeStatus?)null;
            var request = new SaveKnowledgeRequest(_title, _body, _language, _tags, status, _version, Audience: _audience);
            var actor = await CurrentActor.GetAsync();
            var saved = Id is { } id ? await Knowledge.UpdateAsync(caller, id, request, actor) : await Knowledge.CreateAsync(caller, request, actor);
            Navigation.NavigateTo($"/knowledge/{saved.Id}");
        }
        catch (ChatValidationException e)
        {
            (_errors, _conflict, _error) = (e.Errors, null, null);
        }
        catch (ChatConflictException e)
        {
            (_errors, _conflict, _error) = (new Dictionary<string, string[]>(), e.Message, null);
        }
        catch (ChatNotFoundException)
        {
            _error = "This article was deleted by someone else while you were editing it. Copy your text before you leave this page.";
        }
        catch (ChatForbiddenException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
