using System.Text;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Files;

/// <summary>What a file is, judged by its first bytes (magic numbers), never by its name or claimed type alone.</summary>
public static class FileKinds
{
    /// <summary>Bytes of the file's start that are enough to recognise every accepted kind.</summary>
    public const int HeadLength = 512;

    private sealed record Kind(string Key, string Description);

    private static readonly Kind Png = new("png", "PNG image"), Jpeg = new("jpeg", "JPEG image"), Gif = new("gif", "GIF image"),
        Webp = new("webp", "WebP image"), Pdf = new("pdf", "PDF document"), Zip = new("zip", "ZIP archive (or Office document)"),
        Mp3 = new("mp3", "MP3 audio file"), Ogg = new("ogg", "Ogg audio file"), Wav = new("wav", "WAV audio file"),
        Mp4 = new("mp4", "MP4 media file"), Webm = new("webm", "WebM video"), Text = new("text", "text file");

    private sealed record Accepted(Kind Kind, string MimeType, AttachmentType Type);

    private static readonly Dictionary<string, Accepted> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = new(Png, "image/png", AttachmentType.Image),
        [".jpg"] = new(Jpeg, "image/jpeg", AttachmentType.Image),
        [".jpeg"] = new(Jpeg, "image/jpeg", AttachmentType.Image),
        [".gif"] = new(Gif, "image/gif", AttachmentType.Image),
        [".webp"] = new(Webp, "image/webp", AttachmentType.Image),
        [".pdf"] = new(Pdf, "application/pdf", AttachmentType.Document),
        [".zip"] = new(Zip, "application/zip", AttachmentType.Document),
        [".docx"] = new(Zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", AttachmentType.Document),
        [".xlsx"] = new(Zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", AttachmentType.Document),
        [".pptx"] = new(Zip, "application/vnd.openxmlformats-officedocument.presentationml.presentation", AttachmentType.Document),
        [".odt"] = new(Zip, "application/vnd.oasis.opendocument.text", AttachmentType.Document),
        [".ods"] = new(Zip, "application/vnd.oasis.opendocument.spreadsheet", AttachmentType.Document),
        [".mp3"] = new(Mp3, "audio/mpeg", AttachmentType.Audio),
        [".ogg"] = new(Ogg, "audio/ogg", AttachmentType.Audio),
        [".oga"] = new(Ogg, "audio/ogg", AttachmentType.Audio),
        [".opus"] = new(Ogg, "audio/ogg", AttachmentType.Audio),
        [".wav"] = new(Wav, "audio/wav", AttachmentType.Audio),
        [".m4a"] = new(Mp4, "audio/mp4", AttachmentType.Audio),
        [".mp4"] = new(Mp4, "video/mp4", AttachmentType.Video),
        [".m4v"] = new(Mp4, "video/mp4", AttachmentType.Video),
        [".mov"] = new(Mp4, "video/quicktime", AttachmentType.Video),
        [".webm"] = new(Webm, "video/webm", AttachmentType.Video),
        [".txt"] = new(Text, "text/plain", AttachmentType.Document),
        [".log"] = new(Text, "text/plain", AttachmentType.Document),
        [".csv"] = new(Text, "text/csv", AttachmentType.Document),
        [".md"] = new(Text, "text/markdown", AttachmentType.Document),
        [".json"] = new(Text, "application/json", AttachmentType.Document),
        [".har"] = new(Text, "application/json", AttachmentType.Document),
        [".xml"] = new(Text, "application/xml", AttachmentType.Document),
        // Accepted so customers can send them, but only ever served as downloads (FileApi), never rendered.
        [".html"] = new(Text, "text/html", AttachmentType.Document),
        [".htm"] = new(Text, "text/html", AttachmentType.Document),
        [".svg"] = new(Text, "image/svg+xml", AttachmentType.Document),
    };

    public const string AcceptedList =
        "images (PNG, JPEG, GIF, WebP), PDF, ZIP and Office documents, audio (MP3, Ogg, WAV, M4A), video (MP4, MOV, WebM) and text files (TXT, LOG, CSV, MD, JSON, XML, HTML, SVG)";

    /// <summary>The file input's <c>accept</c> list, from the same table the server checks.</summary>
    public static string AcceptAttribute => string.Join(',', ByExtension.Keys);

    /// <summary>Types a browser may be shown inline; everything else is a download.</summary>
    public static bool IsInline(string mimeType) =>
        mimeType is "image/png" or "image/jpeg" or "image/gif" or "image/webp"
        || (mimeType.StartsWith("audio/", StringComparison.Ordinal) || mimeType.StartsWith("video/", StringComparison.Ordinal));

    /// <summary>
    /// Checks a file's name, claimed type and first bytes; answers its stored type, or refuses with a message that names
    /// the file and the problem.
    /// </summary>
    public static (string MimeType, AttachmentType Type) Check(string name, string? claimedType, ReadOnlySpan<byte> head)
    {
        var extension = Path.GetExtension(name);
        if (!ByExtension.TryGetValue(extension, out var accepted))
            throw Refused(name, string.IsNullOrEmpty(extension)
                ? $"a file needs an extension that says its type. Accepted: {AcceptedList}."
                : $"files of type '{extension.ToLowerInvariant()}' are not accepted. Accepted: {AcceptedList}.");
        var detected = Detect(head);
        if (detected != accepted.Kind)
            throw Refused(name, $"the content is not a {accepted.Kind.Description} (it looks like {Describe(detected)}).");
        var claimed = claimedType?.Split(';')[0].Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(claimed) && !ClaimFits(claimed, accepted))
            throw Refused(name, $"it was sent as '{claimed}', but its content is a {accepted.Kind.Description}.");
        return (accepted.MimeType, accepted.Type);
    }

    private static ChatValidationException Refused(string name, string problem) => new("file", $"{name}: {problem}");

    private static string Describe(Kind? kind) => kind is null ? "binary data of an unknown kind" : $"a {kind.Description}";

    /// <summary>Generic or unknown claims pass (browsers differ); a specific claim must agree with the content.</summary>
    private static bool ClaimFits(string claimed, Accepted accepted)
    {
        if (claimed is "application/octet-stream" or "binary/octet-stream")
            return true;
        var claimedKinds = ByExtension.Values.Where(a => a.MimeType == claimed).Select(a => a.Kind).ToList();
        if (claimedKinds.Count > 0)
            return claimedKinds.Contains(accepted.Kind);
        var family = claimed.Split('/')[0];
        return family switch
        {
            "image" => accepted.Type == AttachmentType.Image || accepted.MimeType == "image/svg+xml",
            "audio" or "video" => accepted.Type is AttachmentType.Audio or AttachmentType.Video,
            _ => true,
        };
    }

    private static Kind? Detect(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Jpeg;
        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8)) return Gif;
        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8)) return Webp;
        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WAVE"u8)) return Wav;
        if (h.StartsWith("%PDF-"u8)) return Pdf;
        if (h.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) || h.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x05, 0x06])) return Zip;
        if (h.StartsWith("OggS"u8)) return Ogg;
        if (h.StartsWith("ID3"u8) || (h.Length >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0)) return Mp3;
        if (h.Length >= 8 && h[4..8].SequenceEqual("ftyp"u8)) return Mp4;
        if (h.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])) return Webm;
        return LooksLikeText(h) ? Text : null;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.Contains((byte)0))
            return false;
        // The sample may end inside a multi-byte character: drop up to three trailing bytes of it.
        for (var trim = 0; trim <= Math.Min(3, head.Length); trim++)
        {
            try
            {
                StrictUtf8.GetCharCount(head[..^trim]);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }
        return false;
    }
}
