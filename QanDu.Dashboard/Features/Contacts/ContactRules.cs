using System.Net.Mail;
using System.Text.RegularExpressions;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>What a contact's fields, attributes and notes may hold; each refusal names the field and what to change.</summary>
public static partial class ContactRules
{
    public const int NameMax = 100;
    public const int EmailMax = 256;
    public const int PhoneMax = 40;
    public const int IdentifierMax = 128;
    public const int CompanyMax = 100;
    public const int MaxAttributes = 50;
    public const int AttributeKeyMax = 50;
    public const int AttributeValueMax = 500;
    public const int NoteMax = 2000;

    /// <summary>The edited fields, trimmed (empty → null), or a validation error naming every bad field.</summary>
    public static UpdateContactRequest Validate(UpdateContactRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var name = Field(errors, "name", request.Name, NameMax);
        var email = Field(errors, "email", request.Email, EmailMax);
        var phone = Field(errors, "phone", request.Phone, PhoneMax);
        var company = Field(errors, "company", request.Company, CompanyMax);
        var identifier = Field(errors, "identifier", request.Identifier, IdentifierMax);
        if (email is not null && !errors.ContainsKey("email") && !IsEmail(email))
            errors["email"] = [$"\"{email}\" is not an email address; write it as name@example.com."];
        if (phone is not null && !errors.ContainsKey("phone") && !Phone().IsMatch(phone))
            errors["phone"] = ["A phone number holds digits, spaces and + ( ) - . only, with at least 3 digits."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return new UpdateContactRequest(name, email, phone, company, identifier);
    }

    /// <summary>A whole attribute map, keys and values trimmed; refused when a key or value is empty, too long or too many.</summary>
    public static Dictionary<string, string> ValidateAttributes(IReadOnlyDictionary<string, string?>? attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (rawKey, rawValue) in attributes ?? new Dictionary<string, string?>())
        {
            var key = rawKey.Trim();
            var value = rawValue?.Trim() ?? "";
            if (key.Length == 0)
                errors.Add("An attribute needs a name.");
            else if (key.Length > AttributeKeyMax || !AttributeKey().IsMatch(key))
                errors.Add($"The attribute name \"{Short(key)}\" must be 1 to {AttributeKeyMax} letters, digits, spaces, '_', '-' or '.'.");
            else if (value.Length > AttributeValueMax)
                errors.Add($"The value of \"{key}\" is longer than {AttributeValueMax} characters.");
            else if (value.Contains('\0'))
                errors.Add($"The value of \"{key}\" contains a NUL character (U+0000), which is not allowed.");
            else if (!result.TryAdd(key, value))
                errors.Add($"The attribute \"{key}\" is given twice.");
        }
        if (result.Count > MaxAttributes)
            errors.Add($"A contact has at most {MaxAttributes} attributes; {result.Count} were given.");
        if (errors.Count > 0)
            throw new ChatValidationException(new Dictionary<string, string[]> { ["attributes"] = [.. errors] });
        return result;
    }

    public static string ValidateNote(string? content)
    {
        TextInput.RefuseNul("content", content);
        var text = content?.Trim() ?? "";
        if (text.Length is 0 or > NoteMax)
            throw new ChatValidationException("content", $"A note is 1 to {NoteMax} characters.");
        return text;
    }

    private static string? Field(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Contains('\0'))
        {
            errors[field] = [$"The {field} contains a NUL character (U+0000), which is not allowed; remove it."];
            return null;
        }
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is { Length: var length } && length > max)
            errors[field] = [$"The {field} can be at most {max} characters; it has {length}."];
        return text;
    }

    private static bool IsEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email && email.Contains('.', StringComparison.Ordinal)
        && !email.Contains(' ', StringComparison.Ordinal);

    private static string Short(string text) => text.Length <= 20 ? text : text[..20] + "…";

    [GeneratedRegex(@"^(?=(?:\D*\d){3})[0-9+()\-. ]+$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^[\p{L}\p{N}_.\- ]+$")]
    private static partial Regex AttributeKey();
}
