using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Reactions;

/// <summary>Reacting to messages: toggles, counts and names per emoji, live events, and the same access rules as messages.</summary>
public sealed class ReactionServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ReactionService Reactions => factory.Services.GetRequiredService<ReactionService>();

    [Fact]
    public async Task ToggleAsync_TwoPeopleThenOneTakesBack_CountsAndNamesFollow()
    {
        var (maya, tom, message) = await MessageAsync("Counts");

        var first = await Reactions.ToggleAsync(maya, message.Id, "👍");
        var second = await Reactions.ToggleAsync(tom, message.Id, ":+1:");
        var party = await Reactions.ToggleAsync(tom, message.Id, ":tada:");

        first.Added.Should().BeTrue();
        second.Emoji.Should().Be("👍", "a shortcode names the same emoji as its character");
        party.Reactions.Select(r => (r.Emoji, r.Count)).Should().Equal(("👍", 2), ("🎉", 1));
        party.Reactions[0].Users.Select(u => u.DisplayName).Should().Equal("Maya Counts", "Tom Counts");

        var back = await Reactions.ToggleAsync(maya, message.Id, "👍");

        back.Added.Should().BeFalse("toggling an existing reaction takes it back");
        back.Reactions.Select(r => (r.Emoji, r.Count)).Should().Equal(("👍", 1), ("🎉", 1));
        back.Reactions[0].Includes(maya.UserId).Should().BeFalse();
        var history = await factory.Messages.GetHistoryAsync(tom, message.ThreadId, before: null, limit: null);
        history.Messages.Single().Reactions.Should().BeEquivalentTo(back.Reactions, "history carries the same reactions");
    }

    [Fact]
    public async Task ToggleAsync_Reacting_PublishesReactionChangedAfterCommit()
    {
        var (maya, _, message) = await MessageAsync("Live");
        var changed = new TaskCompletionSource<ReactionChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(message.ThreadId, e =>
        {
            if (e is ReactionChanged r)
                changed.TrySetResult(r);
            return Task.CompletedTask;
        });

        await Reactions.ToggleAsync(maya, message.Id, "❤️");

        var published = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        published.MessageId.Should().Be(message.Id);
        published.Reactions.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Emoji = "❤️", Count = 1 });
        (await factory.QueryAsync(db => db.Reactions.CountAsync(r => r.MessageId == message.Id))).Should().Be(1);
    }

    [Fact]
    public async Task ToggleAsync_ThreadTheAgentCannotSee_NotFoundAndNothingStored()
    {
        var (_, _, message) = await MessageAsync("Hidden");
        var outsider = await factory.CreateUserAsync("Outsider Hidden", Roles.Agent);

        var toggle = () => Reactions.ToggleAsync(outsider, message.Id, "👍");
        var read = () => Reactions.GetAsync(outsider, message.Id);

        (await toggle.Should().ThrowAsync<ChatNotFoundException>()).Which.Message.Should().Be($"Message {message.Id} was not found.");
        await read.Should().ThrowAsync<ChatNotFoundException>();
        (await factory.QueryAsync(db => db.Reactions.CountAsync(r => r.MessageId == message.Id))).Should().Be(0);
    }

    [Fact]
    public async Task ToggleAsync_SupervisorNotInThread_CanReact()
    {
        var (_, _, message) = await MessageAsync("Supervised");
        var supervisor = await factory.CreateUserAsync("Supervisor Supervised", Roles.Supervisor);

        var outcome = await Reactions.ToggleAsync(supervisor, message.Id, ":eyes:");

        outcome.Reactions.Should().ContainSingle().Which.Users.Should().ContainSingle(u => u.UserId == supervisor.UserId);
    }

    [Theory]
    [InlineData("🦖🦖", "Unknown emoji \"🦖🦖\"")]
    [InlineData(":not_an_emoji:", "Unknown emoji \":not_an_emoji:\"")]
    [InlineData("<script>", "Unknown emoji \"<script>\"")]
    [InlineData("  ", "Name an emoji")]
    public async Task ToggleAsync_UnknownEmoji_ValidationErrorNamingIt(string emoji, string expected)
    {
        var (maya, _, message) = await MessageAsync($"Unknown {emoji.Length}");

        var toggle = () => Reactions.ToggleAsync(maya, message.Id, emoji);

        var error = (await toggle.Should().ThrowAsync<ChatValidationException>()).Which;
        error.Errors.Should().ContainKey("emoji").WhoseValue.Should().ContainMatch($"{expected}*");
        (await factory.QueryAsync(db => db.Reactions.CountAsync(r => r.MessageId == message.Id))).Should().Be(0);
    }

    [Fact]
    public async Task ToggleAsync_DeletedMessage_Refused()
    {
        var (maya, tom, message) = await MessageAsync("Deleted");
        await factory.Edits.DeleteAsync(tom, message.Id);

        var toggle = () => Reactions.ToggleAsync(maya, message.Id, "👍");

        (await toggle.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("messageId");
    }

    [Fact]
    public async Task EditAsync_SomeoneElsesMessage_RefusedAndUnchanged()
    {
        var (maya, tom, message) = await MessageAsync("Not yours");

        var edit = () => factory.Edits.EditAsync(maya, message.Id, "Rewritten by Maya");

        await edit.Should().ThrowAsync<ChatForbiddenException>().WithMessage("Only the sender can edit a message.");
        (await factory.Messages.GetMessageAsync(tom, message.Id)).Content.Should().Be("Tom's original text");
    }

    /// <summary>Maya and Tom in a thread, with one message from Tom.</summary>
    private async Task<(ChatCaller Maya, ChatCaller Tom, MessageView Message)> MessageAsync(string title)
    {
        var maya = await factory.CreateUserAsync($"Maya {title}", Roles.Agent);
        var tom = await factory.CreateUserAsync($"Tom {title}", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(maya, title, tom);
        var posted = await factory.Messages.PostAsync(tom, new PostMessageRequest(threadId, "Tom's original text"));
        return (maya, tom, posted.Message);
    }
}
