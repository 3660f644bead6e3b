using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Contacts.Components;

/// <summary>
/// Shows and edits one contact through <see cref="ContactService"/>; after a save, <see cref="OnChanged"/> lets the parent
/// reload (the ContactChanged event does the same for everyone else looking at it).
/// </summary>
public sealed partial class ContactCard
{
    private bool _editingFields;
    private bool _editingAttributes;
    private bool _busy;
    private string? _name, _email, _phone, _company, _identifier, _note, _error;
    private List<AttributeRow> _attributes = [];
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [Inject] private ContactService Contacts { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Parameter, EditorRequired] public ContactView Contact { get; set; } = null!;

    [Parameter, EditorRequired] public ChatCaller Me { get; set; } = null!;

    /// <summary>The narrow layout of the inbox's side panel.</summary>
    [Parameter] public bool Compact { get; set; }

    /// <summary>Called after a change was saved, so the parent reloads the contact.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    private string? Error(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private void StartFields()
    {
        (_name, _email, _phone, _company, _identifier) = (Contact.Name, Contact.Email, Contact.Phone, Contact.Company, Contact.Identifier);
        _errors = new Dictionary<string, string[]>();
        _editingFields = true;
    }

    private void CancelFields()
    {
        _editingFields = false;
        _errors = new Dictionary<string, string[]>();
    }

    private async Task SaveFieldsAsync()
    {
        if (await RunAsync(() => Contacts.UpdateAsync(Me, Contact.Id, new UpdateContactRequest(_name, _email, _phone, _company, _identifier))))
            _editingFields = false;
    }

    private void StartAttributes()
    {
        _attributes = [.. Contact.Attributes.Select(a => new AttributeRow { Key = a.Key, Value = a.Value })];
        if (_attributes.Count == 0)
            _attributes.Add(new AttributeRow());
        _errors = new Dictionary<string, string[]>();
        _editingAttributes = true;
    }

    private void AddAttributeRow() => _attributes.Add(new AttributeRow());

    private async Task SaveAttributesAsync()
    {
        // A row left entirely empty is no attribute; a value without a name is refused by the service and said here.
        var rows = _attributes.Where(r => !string.IsNullOrWhiteSpace(r.Key) || !string.IsNullOrWhiteSpace(r.Value)).ToList();
        var duplicate = rows.GroupBy(r => r.Key?.Trim() ?? "").FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            _errors = new Dictionary<string, string[]> { ["attributes"] = [$"The attribute \"{duplicate.Key}\" is given twice."] };
            return;
        }
        var map = rows.ToDictionary(r => r.Key ?? "", r => r.Value);
        if (await RunAsync(() => Contacts.ReplaceAttributesAsync(Me, Contact.Id, map)))
            _editingAttributes = false;
    }

    private async Task AddNoteAsync()
    {
        if (await RunAsync(() => Contacts.AddNoteAsync(Me, Contact.Id, _note)))
            _note = null;
    }

    private async Task DeleteNoteAsync(ContactNoteView note)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this note?",
            $"“{(note.Content.Length > 80 ? note.Content[..80] + "…" : note.Content)}” will be gone for the whole team.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed == true)
            await RunAsync(() => Contacts.DeleteNoteAsync(Me, Contact.Id, note.Id));
    }

    /// <summary>Runs a change; a refusal is shown beside the field it names (or above the card), nothing is half-saved.</summary>
    private async Task<bool> RunAsync(Func<Task> change)
    {
        _busy = true;
        _error = null;
        _errors = new Dictionary<string, string[]>();
        try
        {
            await change();
            await OnChanged.InvokeAsync();
            return true;
        }
        catch (ChatValidationException e)
        {
            _errors = e.Errors;
            return false;
        }
        catch (Exception e) when (e is ChatForbiddenException or ChatNotFoundException)
        {
            _error = e.Message;
            return false;
        }
        finally
        {
            _busy = false;
        }
    }

    private sealed class AttributeRow
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }
}
