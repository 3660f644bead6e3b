using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Files;

/// <summary>The upload window: an upload is attachable for <c>Files:UploadLifetimeMinutes</c>, by its uploader, once.</summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FileStore _store;
    private readonly ChatCaller _maya = new("maya-id", "Maya Chen", SeesAllThreads: false);

    public FileStoreTests() =>
        _store = new FileStore(
            Options.Create(new FilesOptions { UploadLifetimeMinutes = 60 }),
            Options.Create(new DatabaseOptions { DataDirectory = _folder.Path }),
            new HostingEnvironment { ContentRootPath = _folder.Path },
            _clock);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ClaimAsync_WithinTheLifetime_TakesTheFileUnderAGeneratedName()
    {
        var upload = await _store.SaveUploadAsync(_maya, "screenshot.png", "image/png", null, new MemoryStream(TestFiles.Png()), default);
        _clock.Advance(TimeSpan.FromMinutes(59));

        var claimed = await _store.ClaimAsync(_maya, [upload.Id], default);
        var attachment = claimed.Attachments.Should().ContainSingle().Subject;
        claimed.Commit();

        attachment.Name.Should().Be("screenshot.png");
        attachment.StoredName.Should().NotContain("screenshot").And.MatchRegex("^[0-9a-f]{2}/[0-9a-f]{32}$");
        File.ReadAllBytes(_store.PathOf(attachment.StoredName)).Should().Equal(TestFiles.Png());
        Directory.GetFiles(Path.Combine(_store.Root, "uploads")).Should().BeEmpty("a claimed upload leaves nothing waiting");
    }

    [Fact]
    public async Task ClaimAsync_AfterTheLifetime_RefusedEvenBeforeCleanUpRan()
    {
        var upload = await _store.SaveUploadAsync(_maya, "screenshot.png", "image/png", null, new MemoryStream(TestFiles.Png()), default);
        _clock.Advance(TimeSpan.FromMinutes(61));

        var claim = () => _store.ClaimAsync(_maya, [upload.Id], default);

        (await claim.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain($"Upload {upload.Id} was not found: it expired");
    }

    [Fact]
    public async Task ClaimAsync_OneOfTwoNotTheCallers_NothingTakenAndTheOtherStillAttachable()
    {
        var tom = new ChatCaller("tom-id", "Tom Okafor", SeesAllThreads: false);
        var mine = await _store.SaveUploadAsync(_maya, "notes.txt", "text/plain", null, new MemoryStream("Order 1042"u8.ToArray()), default);
        var toms = await _store.SaveUploadAsync(tom, "invoice.pdf", "application/pdf", null, new MemoryStream(TestFiles.Pdf()), default);

        var claim = () => _store.ClaimAsync(_maya, [mine.Id, toms.Id], default);

        await claim.Should().ThrowAsync<ChatValidationException>();
        var retry = await _store.ClaimAsync(_maya, [mine.Id], default);
        retry.Attachments.Should().ContainSingle().Which.Name.Should().Be("notes.txt");
        (await _store.ClaimAsync(tom, [toms.Id], default)).Attachments.Should().ContainSingle().Which.Name.Should().Be("invoice.pdf");
    }

    [Fact]
    public async Task SaveUploadAsync_NameWithBidirectionalOverride_StoredWithoutIt()
    {
        // "photo\u202Egnp.txt" shows as "phototxt.png": the override would let a text file pass for an image.
        var upload = await _store.SaveUploadAsync(_maya, "photo\u202Egnp.txt", "text/plain", null, new MemoryStream("hello"u8.ToArray()), default);

        upload.Name.Should().Be("photognp.txt");
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
