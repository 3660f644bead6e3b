using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>Private notes: staff write and find them; a customer never receives one, by any read.</summary>
public sealed class PrivateNoteTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task PostAsync_PrivateNote_StaffSeeItTheCustomerNeverDoes()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Note Customer", "My order 1234 is late");

        var note = (await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "VIP customer — refund approved by Sam", IsPrivate: true))).Message;

        note.IsPrivate.Should().BeTrue();
        (await factory.Messages.GetHistoryAsync(maya, chat.ThreadId, null, 50)).Messages.Should().Contain(m => m.Id == note.Id && m.IsPrivate);
        (await factory.Messages.GetHistoryAsync(chat.Customer, chat.ThreadId, null, 50)).Messages.Select(m => m.Content)
            .Should().Equal("My order 1234 is late");
        await FluentActions.Awaiting(() => factory.Messages.GetMessageAsync(chat.Customer, note.Id))
            .Should().ThrowAsync<ChatNotFoundException>().WithMessage($"Message {note.Id} was not found.");
        var thread = await factory.Threads.GetThreadAsync(chat.Customer, chat.ThreadId);
        thread.LastMessagePreview.Should().Be("My order 1234 is late", "a note never becomes the preview a customer may be shown");
    }

    [Fact]
    public async Task GetRepliesAsync_NoteAnsweringTheCustomer_LeftOutOfTheCustomersChain()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Chain Customer", null);
        var question = (await factory.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "Can I pay by invoice?"))).Message;
        await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Check with finance first", ReplyToId: question.Id, IsPrivate: true));
        await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Yes, you can.", ReplyToId: question.Id));

        (await factory.Messages.GetRepliesAsync(chat.Customer, question.Id)).Replies.Select(r => r.Content).Should().Equal("Yes, you can.");
        (await factory.Messages.GetRepliesAsync(maya, question.Id)).Replies.Select(r => r.Content).Should().Equal("Check with finance first", "Yes, you can.");
    }

    [Fact]
    public async Task PostAsync_RepliesQuotingANote_OnlyAnotherNoteMay_AndTheCustomerCannotQuoteIt()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Quote Customer");
        var note = (await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Internal: flagged for fraud", IsPrivate: true))).Message;

        (await FluentActions.Awaiting(() => factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Answering", ReplyToId: note.Id)))
            .Should().ThrowAsync<ChatValidationException>()).Which.Errors["replyToId"].Single().Should().Contain("is a private note");
        (await FluentActions.Awaiting(() => factory.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "Guess", ReplyToId: note.Id)))
            .Should().ThrowAsync<ChatValidationException>()).Which.Errors["replyToId"].Single().Should().Contain("is not in thread");
        var answer = await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Agreed", ReplyToId: note.Id, IsPrivate: true));
        answer.Message.ReplyTo!.Snippet.Should().Be("Internal: flagged for fraud");
    }

    [Fact]
    public async Task PostAsync_NoteByAVisitorOrInATeamThread_Refused()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Sneaky Customer");
        var team = await factory.CreateGroupThreadAsync(maya, "Team room", await factory.CreateUserAsync("Tom Okafor", Roles.Agent));

        await FluentActions.Awaiting(() => factory.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "hidden?", IsPrivate: true)))
            .Should().ThrowAsync<ChatForbiddenException>().WithMessage("A private note is for the team only.");
        (await FluentActions.Awaiting(() => factory.Messages.PostAsync(maya, new PostMessageRequest(team, "note", IsPrivate: true)))
            .Should().ThrowAsync<ChatValidationException>()).Which.Errors["isPrivate"].Single().Should().StartWith("Private notes are for customer conversations");
    }

    [Fact]
    public async Task SearchAsync_Note_FoundByStaffWithTheNoteMarker()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Searched Customer");
        var word = "zanzibar" + Guid.NewGuid().ToString("N")[..6];
        await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, $"Shipping via {word} warehouse", IsPrivate: true));

        var results = await factory.Services.GetRequiredService<SearchService>().SearchAsync(maya, word);

        results.Hits.Should().ContainSingle().Which.IsPrivate.Should().BeTrue();
    }
}
