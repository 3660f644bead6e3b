using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Settings;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Presence;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.Users;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Rendering;

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
        Services.AddSingleton(App.Services.GetRequiredService<ConversationService>());
        Services.AddSingleton(App.Services.GetRequiredService<IChatEvents>());
        Services.AddSingleton(App.Services.GetRequiredService<ReactionService>());
        Services.AddSingleton(App.Services.GetRequiredService<MarkdownRenderer>());
        Services.AddSingleton(App.Services.GetRequiredService<UserDirectory>());
        Services.AddSingleton(App.Services.GetRequiredService<LabelService>());
        Services.AddSingleton(App.Services.GetRequiredService<KnowledgeService>());
        Services.AddSingleton(App.Services.GetRequiredService<PresenceService>());
        Services.AddSingleton(App.Services.GetRequiredService<TypingService>());
        Services.AddSingleton(App.Services.GetRequiredService<IOptions<PresenceOptions>>());
        Services.AddSingleton(App.Services.GetRequiredService<AssistantService>());
        Services.AddSingleton(App.Services.GetRequiredService<SuggestionService>());
        Services.AddSingleton(App.Services.GetRequiredService<AssistantSettingsStore>());
        Services.AddSingleton(App.Services.GetRequiredService<QanDu.Dashboard.Features.Assistant.Tools.ToolApprovalService>());
        Services.AddSingleton(App.Services.GetRequiredService<QanDu.Dashboard.Features.Assistant.Feedback.FeedbackService>());
        Services.AddSingleton(App.Services.GetRequiredService<QanDu.Dashboard.Features.Analysis.IntentCorrectionService>());
        Services.AddScoped<PresenceFeed>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<UserTime>();
    }

    protected DashboardFactory App { get; }

    protected ConversationService Chat => App.Chat;

    /// <summary>Renders as this user, as the circuit's authentication state would say.</summary>
    protected void SignInAs(ChatCaller user)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(user.DisplayName);
        // Roles first: bUnit rebuilds the principal on each call, and the identifier claim must survive.
        if (user.SeesAllThreads)
            authorization.SetRoles(user.IsAdmin ? Roles.Admin : Roles.Supervisor);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.UserId), new Claim(AppClaims.DisplayName, user.DisplayName));
    }

    protected Task<PostOutcome> PostAsync(ChatCaller sender, long threadId, string content) =>
        Chat.PostAsync(sender, new PostMessageRequest(threadId, content, Guid.NewGuid().ToString("N")));

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // xUnit 2 calls only Dispose on a test class; MudBlazor's inputs register services that dispose asynchronously only.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            App.Dispose();
    }
}
