namespace QanDu.Dashboard.Features.Files;

/// <summary>What people call a file's type, for download cards ("PDF document", "Excel spreadsheet").</summary>
public static class FileLabels
{
    public static string Describe(string mimeType) => mimeType switch
    {
        "application/pdf" => "PDF document",
        "application/zip" => "ZIP archive",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel spreadsheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "PowerPoint presentation",
        "application/vnd.oasis.opendocument.text" => "OpenDocument text",
        "application/vnd.oasis.opendocument.spreadsheet" => "OpenDocument spreadsheet",
        "text/plain" => "Text file",
        "text/csv" => "CSV file",
        "text/markdown" => "Markdown file",
        "application/json" => "JSON file",
        "application/xml" => "XML file",
        "text/html" => "HTML file",
        "image/svg+xml" => "SVG image",
        _ when mimeType.StartsWith("image/", StringComparison.Ordinal) => "Image",
        _ when mimeType.StartsWith("audio/", StringComparison.Ordinal) => "Audio",
        _ when mimeType.StartsWith("video/", StringComparison.Ordinal) => "Video",
        _ => "File",
    };
}
