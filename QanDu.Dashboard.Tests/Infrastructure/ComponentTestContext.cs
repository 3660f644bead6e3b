using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// bUnit with the app's real services behind it: a real SQLite database, the batched writer and the event bus,
/// so a component test sees what a circuit sees when another user acts.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    /// <param name="analysis">
    /// Whether the message analysis worker runs. Off unless a test is about it: its MessageUpdated for every message
    /// re-renders a whole thread each time, which starves bUnit's dispatcher in tests that post a long thread at once.
    /// </param>
    protected ComponentTestContext(bool analysis = false)
        : this(new DashboardFactory { Settings = { ["Analysis:Enabled"] = analysis ? "true" : "false" } })
    {
    }

    /// <summary>On an app configured by the test (settings, a scripted AI client).</summary>
    protected ComponentTestContext(DashboardFactory app)
    {
        App = app;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // What a circuit owns is registered here; every other service (the app's real singletons behind the components)
        // comes from the app's own provider, through a scope as a circuit has one, so a new service needs no line here.
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<CurrentActor>();
        Services.AddHttpContextAccessor(); // a component test has no request: actions are recorded without an address
        Services.AddScoped<UserTime>();
        _appScope = App.Services.CreateAsyncScope();
        Services.AddFallbackServiceProvider(_appScope.ServiceProvider);
    }

    private readonly AsyncServiceScope _appScope;

    protected DashboardFactory App { get; }

    /// <summary>The components' clock: now when the test starts, moved only by the test.</summary>
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected MessageService Messages => App.Messages;

    protected MessageEditService Edits => App.Edits;

    protected ThreadService Threads => App.Threads;

    protected InboxService Inbox => App.Inbox;

    protected ReadStateService ReadState => App.ReadState;

    protected AiReplyStore AiReplies => App.AiReplies;

    protected FileStore Files => App.Files;

    /// <summary>Renders as this user, as the circuit's authentication state would say.</summary>
    protected void SignInAs(ChatCaller user)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(user.DisplayName);
        // Roles first: bUnit rebuilds the principal on each call, and the identifier claim must survive. A visitor has none.
        if (!user.IsVisitor)
            authorization.SetRoles(user.IsAdmin ? Roles.Admin : user.SeesAllThreads ? Roles.Supervisor : Roles.Agent);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.UserId), new Claim(AppClaims.DisplayName, user.DisplayName));
    }

    protected Task<PostOutcome> PostAsync(ChatCaller sender, long threadId, string content) =>
        Messages.PostAsync(sender, new PostMessageRequest(threadId, content, Guid.NewGuid().ToString("N")));

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // xUnit 2 calls only Dispose on a test class; MudBlazor's inputs register services that dispose asynchronously only.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _appScope.Dispose();
            App.Dispose();
        }
    }
}
