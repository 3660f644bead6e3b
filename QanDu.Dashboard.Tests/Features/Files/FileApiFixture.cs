using System.Net.Http.Headers;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Files;

/// <summary>The app with a 1 MB file limit, so "over the limit" is cheap to send.</summary>
public sealed class FileApiFixture : IDisposable
{
    public const long Limit = 1024 * 1024;

    public DashboardFactory App { get; } = new() { Settings = { ["Files:MaxFileBytes"] = Limit.ToString(), ["Files:MaxFilesPerMessage"] = "3" } };

    public void Dispose() => App.Dispose();

    /// <summary>Uploads as the browser does: the raw file as the body, its name in X-File-Name.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, byte[] bytes, string? contentType = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/files") { Content = content };
        request.Headers.Add("X-File-Name", Uri.EscapeDataString(name));
        return await client.SendAsync(request);
    }
}

/// <summary>A request body that would supply <c>length</c> bytes, made as they are read, counting how many the server took.</summary>
public sealed class CountingBody(long length) : Stream
{
    private long _read;

    public long BytesRead => Interlocked.Read(ref _read);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var take = (int)Math.Min(count, length - BytesRead);
        if (take <= 0)
            return 0;
        Array.Fill(buffer, (byte)'a', offset, take); // plain text, so only the size can be the problem
        Interlocked.Add(ref _read, take);
        return take;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
