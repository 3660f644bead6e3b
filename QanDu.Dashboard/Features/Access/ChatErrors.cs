namespace QanDu.Dashboard.Features.Access;

/// <summary>Bad input: each entry names the field and what is wrong with it. Nothing was written.</summary>
public sealed class ChatValidationException(IDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public ChatValidationException(string field, string error) : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }
}

/// <summary>
/// The thing does not exist, or the caller may not see it: both answer the same, so a caller learns nothing
/// about threads that are not theirs.
/// </summary>
public sealed class ChatNotFoundException(string what) : Exception($"{what} was not found.")
{
    public string What { get; } = what;
}

/// <summary>The caller may see the thing but not do this to it (for example, edit another person's message).</summary>
public sealed class ChatForbiddenException(string message) : Exception(message);

/// <summary>
/// The request conflicts with what is stored: the thing changed since the caller read it, or a one-time value was used
/// before. Nothing was overwritten. <see cref="Title"/> says which.
/// </summary>
public sealed class ChatConflictException(string message, string title = "Changed by someone else") : Exception(message)
{
    public string Title { get; } = title;
}
