using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Assistant.Summaries.Components;

public sealed partial class SummaryPanel : IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private ElementReference _panel;
    private ConversationSummary? _summary;
    private string? _error;
    private bool _loading = true;
    private bool _copied;
    private bool _showText;
    private bool _adding;
    private bool _noteAdded;
    private string? _actionMessage;
    private string _noteKey = NewKey();

    [Inject] private ConversationSummaries Summaries { get; set; } = null!;
    [Inject] private MessageService Messages { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;
    [Inject] private ILogger<SummaryPanel> Logger { get; set; } = null!;

    [Parameter, EditorRequired] public long ThreadId { get; set; }

    /// <summary>A customer conversation: the summary may be kept as a private note (a staff thread has no private notes).</summary>
    [Parameter] public bool CanAddNote { get; set; }

    [Parameter] public EventCallback OnClose { get; set; }

    protected override Task OnInitializedAsync() => LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
            await _panel.FocusAsync(); // so Esc closes it and Tab starts in it
    }

    private async Task LoadAsync()
    {
        (_loading, _error, _summary, _copied, _showText, _noteAdded, _actionMessage) = (true, null, null, false, false, false, null);
        _noteKey = NewKey(); // a new summary is a new note; a double click on the same one posts it once
        try
        {
            _summary = await Summaries.SummarizeAsync(await CurrentUser.GetAsync(), ThreadId, _closing.Token);
        }
        catch (Exception) when (_closing.IsCancellationRequested)
        {
            return; // closed while summarizing
        }
        catch (ChatNotFoundException)
        {
            _error = "This conversation does not exist any more, or you are no longer part of it.";
        }
        catch (ChatForbiddenException ex)
        {
            _error = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not summarize thread {ThreadId}", ThreadId);
            _error = "Could not summarize this conversation. Check the connection and try again.";
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task CopyAsync()
    {
        if (_summary is null)
            return;
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", _summary.Markdown);
            (_copied, _actionMessage) = (true, "Copied to the clipboard.");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException)
        {
            // No clipboard (an insecure origin, or permission refused): the text is shown to select by hand.
            (_showText, _actionMessage) = (true, "The browser would not copy: select the text below and copy it by hand.");
        }
    }

    private async Task AddNoteAsync()
    {
        if (_summary is null || _adding || _noteAdded)
            return;
        _adding = true;
        _actionMessage = null;
        try
        {
            var me = await CurrentUser.GetAsync();
            await Messages.PostAsync(me, new PostMessageRequest(ThreadId, _summary.Markdown, _noteKey, IsPrivate: true), _closing.Token);
            (_noteAdded, _actionMessage) = (true, "Added to the conversation as a private note: only the team sees it.");
        }
        catch (ChatValidationException ex)
        {
            _actionMessage = "The note was not added: " + string.Join(" ", ex.Errors.SelectMany(e => e.Value));
        }
        catch (Exception ex) when (ex is ChatForbiddenException or ChatNotFoundException or ChatConflictException)
        {
            _actionMessage = "The note was not added: " + ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not add the summary of thread {ThreadId} as a note", ThreadId);
            _actionMessage = "The note was not added: the message could not be saved. Try again.";
        }
        finally
        {
            _adding = false;
        }
    }

    private async Task OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
            await OnClose.InvokeAsync();
    }

    private static RenderFragment Items(string lines, string none) => builder =>
    {
        var items = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "class", "qd-muted");
            builder.AddContent(2, none);
            builder.CloseElement();
            return;
        }
        builder.OpenElement(3, "ul");
        foreach (var item in items)
        {
            builder.OpenElement(4, "li");
            builder.AddContent(5, item);
            builder.CloseElement();
        }
        builder.CloseElement();
    };

    private static string NewKey() => "summary-" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }
}
