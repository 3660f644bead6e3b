using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Labels;

/// <summary>Admins define labels; anyone who sees a thread labels it (through ThreadService); every change is announced to open inboxes.</summary>
public sealed class LabelServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private LabelService Labels => factory.Services.GetRequiredService<LabelService>();

    [Fact]
    public async Task CreateAsync_Admin_StoredWithNormalisedColourAndListedByName()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var suffix = Unique();

        var vip = await Labels.CreateAsync(admin, new CreateLabelRequest($"  VIP {suffix} ", "#FFB300"));
        var bug = await Labels.CreateAsync(admin, new CreateLabelRequest($"Bug {suffix}", "#e53935"));

        vip.Should().BeEquivalentTo(new { Name = $"VIP {suffix}", Color = "#ffb300" });
        var listed = (await Labels.ListAsync()).Select(l => l.Id).ToList();
        listed.IndexOf(bug.Id).Should().BeLessThan(listed.IndexOf(vip.Id), "labels are listed by name");
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task CreateAsync_NotAdmin_ForbiddenAndNothingStored(string role)
    {
        var user = await factory.CreateUserAsync($"Not an admin {role}", role);
        var name = $"Sneaky {Unique()}";

        var act = () => Labels.CreateAsync(user, new CreateLabelRequest(name, "#000000"));

        await act.Should().ThrowAsync<ChatForbiddenException>().WithMessage("Only admins manage labels.");
        (await factory.QueryAsync(db => db.Labels.AnyAsync(l => l.Name == name))).Should().BeFalse();
    }

    [Theory]
    [InlineData("", "#112233", "name")]
    [InlineData("Fine", "red", "color")]
    [InlineData("Fine", "#12345", "color")]
    public async Task CreateAsync_BadInput_ValidationErrorNamingField(string name, string color, string field)
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);

        var act = () => Labels.CreateAsync(admin, new CreateLabelRequest(name, color));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task CreateAsync_NameTakenInAnotherCase_ValidationError()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var name = $"Refund {Unique()}";
        await Labels.CreateAsync(admin, new CreateLabelRequest(name, "#43a047"));

        var act = () => Labels.CreateAsync(admin, new CreateLabelRequest(name.ToUpperInvariant(), "#43a047"));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["name"].Single().Should().Contain("already exists");
    }

    [Fact]
    public async Task AddAndRemove_AgentInThread_LabelOnThreadAndEventsPublished()
    {
        var (admin, agent, thread) = await ThreadAsync();
        var label = await Labels.CreateAsync(admin, new CreateLabelRequest($"Billing {Unique()}", "#1e88e5"));
        var changes = 0;
        using var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(thread, e =>
        {
            if (e is ThreadChanged)
                Interlocked.Increment(ref changes);
            return Task.CompletedTask;
        });

        var added = await factory.Threads.AddLabelAsync(agent, thread, label.Id);
        var again = await factory.Threads.AddLabelAsync(agent, thread, label.Id);
        var removed = await factory.Threads.RemoveLabelAsync(agent, thread, label.Id);

        added.Labels.Should().Equal(label);
        again.Labels.Should().Equal([label], "adding twice keeps one");
        removed.Labels.Should().BeEmpty();
        await WaitUntilAsync(() => Volatile.Read(ref changes) == 2);
    }

    [Fact]
    public async Task AddLabelAsync_ThreadTheAgentCannotSee_NotFound()
    {
        var (admin, _, thread) = await ThreadAsync();
        var outsider = await factory.CreateUserAsync("Outsider", Roles.Agent);
        var label = await Labels.CreateAsync(admin, new CreateLabelRequest($"Hidden {Unique()}", "#8e24aa"));

        var act = () => factory.Threads.AddLabelAsync(outsider, thread, label.Id);

        await act.Should().ThrowAsync<ChatNotFoundException>().WithMessage($"Thread {thread} was not found.");
        (await factory.QueryAsync(db => db.ThreadLabels.AnyAsync(l => l.ThreadId == thread))).Should().BeFalse();
    }

    [Fact]
    public async Task AddLabelAsync_UnknownLabel_NotFoundNamingLabel()
    {
        var (_, agent, thread) = await ThreadAsync();

        var act = () => factory.Threads.AddLabelAsync(agent, thread, 987_654);

        await act.Should().ThrowAsync<ChatNotFoundException>().WithMessage("Label 987654 was not found.");
    }

    [Fact]
    public async Task DeleteAsync_LabelInUse_GoneFromThreadsToo()
    {
        var (admin, agent, thread) = await ThreadAsync();
        var label = await Labels.CreateAsync(admin, new CreateLabelRequest($"Temporary {Unique()}", "#6d4c41"));
        await factory.Threads.AddLabelAsync(agent, thread, label.Id);

        await Labels.DeleteAsync(admin, label.Id);

        (await factory.Threads.GetThreadAsync(agent, thread)).Labels.Should().BeEmpty();
        (await Labels.ListAsync()).Should().NotContain(label);
        var agentDelete = () => Labels.DeleteAsync(agent, label.Id);
        await agentDelete.Should().ThrowAsync<ChatForbiddenException>();
    }

    private async Task<(ChatCaller Admin, ChatCaller Agent, long Thread)> ThreadAsync()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var agent = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var colleague = await factory.CreateUserAsync("Tom Okafor", Roles.Agent);
        return (admin, agent, await factory.CreateGroupThreadAsync(agent, $"Labelled {Unique()}", colleague));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
            await Task.Delay(20, timeout.Token);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
