namespace QanDu.Dashboard.Features.Files;

/// <summary>A file larger than <c>Files:MaxFileBytes</c>; answered with 413.</summary>
public sealed class FileTooLargeException(string name, long limit)
    : Exception($"{name} is larger than the limit of {FileSize.Format(limit)} per file.");
