using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>
/// A thread left while it still loads (another one opened in the same view, or the view closed): what it was loading never
/// shows up afterwards, in the list, the page title or the read state.
/// </summary>
public sealed class ThreadViewLifetimeTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    /// <summary>Long enough for a load released from the held read to finish, had it not been cancelled.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(700);

    private readonly HeldReads _reads;

    public ThreadViewLifetimeTests()
    {
        _reads = new HeldReads(App.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>());
        // The view's message reads go through the held factory; everything else is the app's own.
        Services.AddSingleton(new MessageService(_reads, App.Writer, App.Services.GetRequiredService<IOptions<MessageOptions>>(), App.Files));
    }

    [Fact]
    public async Task OpenAnotherThread_WhileTheFirstStillLoads_OnlyTheSecondShowsAndTheFirstStaysUnread()
    {
        var (maya, tom) = (await App.CreateUserAsync("Maya Chen", Roles.Agent), await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        var first = await App.CreateGroupThreadAsync(maya, "First", tom);
        await PostAsync(tom, first, "Only in the first thread");
        var second = await App.CreateGroupThreadAsync(maya, "Second", tom);
        await PostAsync(tom, second, "Only in the second thread");
        SignInAs(maya);
        var titles = new List<string?>();
        _reads.HoldNext();
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, first).Add(c => c.TitleChanged, t => titles.Add(t)));
        await _reads.Holding.WaitAsync(Live);

        view.Render(p => p.Add(c => c.ThreadId, second));
        view.WaitForAssertion(() => view.Find("[data-testid=message-content]").TextContent.Should().Contain("Only in the second thread"), Live);
        _reads.Release();
        await Task.Delay(Settle);

        await view.InvokeAsync(() =>
        {
            view.FindAll("[data-testid=message]").Should().ContainSingle();
            view.Markup.Should().NotContain("Only in the first thread");
            view.Find("[data-testid=thread-title]").TextContent.Should().Be("Second");
        });
        titles.Should().Equal("Second");
        (await ReadState.ReadStateAsync(maya, first)).UnreadCount.Should().Be(1, "the first thread was never shown");
    }

    [Fact]
    public async Task CloseTheView_WhileTheThreadStillLoads_NoTitleAndNothingMarkedRead()
    {
        var (maya, tom) = (await App.CreateUserAsync("Maya Chen", Roles.Agent), await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        var thread = await App.CreateGroupThreadAsync(maya, "Left at once", tom);
        await PostAsync(tom, thread, "Are you there?");
        SignInAs(maya);
        var titles = new List<string?>();
        _reads.HoldNext();
        Render<ThreadView>(p => p.Add(c => c.ThreadId, thread).Add(c => c.TitleChanged, t => titles.Add(t)));
        await _reads.Holding.WaitAsync(Live);

        await DisposeComponentsAsync();
        _reads.Release();
        await Task.Delay(Settle);

        titles.Should().BeEmpty("the page title must not turn to a thread the agent already left");
        (await ReadState.ReadStateAsync(maya, thread)).UnreadCount.Should().Be(1);
    }

    /// <summary>The app's database, except that the next context waits until released, as a slow read would (it honours cancellation).</summary>
    private sealed class HeldReads(IDbContextFactory<ChatDbContext> inner) : IDbContextFactory<ChatDbContext>
    {
        private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _holdNext;

        /// <summary>Done once a read is held.</summary>
        public Task Holding => _holding.Task;

        public void HoldNext() => Interlocked.Exchange(ref _holdNext, 1);

        public void Release() => _released.TrySetResult();

        public ChatDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<ChatDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _holdNext, 0) == 1)
            {
                _holding.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
