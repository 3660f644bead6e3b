using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Feedback;

/// <summary>POST/DELETE /api/chat/message/{id}/feedback: the service's rules over HTTP, errors as problem details.</summary>
public sealed class FeedbackApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Post_DownWithCommentThenDelete_CountsAnswered()
    {
        var maya = await factory.CreateUserAsync("Maya Api", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(maya, "Feedback api", await factory.CreateUserAsync("Tom Api", Roles.Agent));
        var ai = await AiMessages.CreateAsync(factory, threadId, "Try turning it off and on again.");
        var client = await factory.CreateClientForAsync(maya);

        var rated = await client.PostAsJsonAsync($"/api/chat/message/{ai.Id}/feedback", new { rating = "down", comment = "Not helpful" });
        var removed = await client.DeleteAsync($"/api/chat/message/{ai.Id}/feedback");

        rated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await rated.ReadAsync<AiFeedbackView>()).Should().Be(new AiFeedbackView(ai.Id, 0, 1, FeedbackRating.Down, "Not helpful"));
        (await removed.ReadAsync<AiFeedbackView>()).Should().Be(new AiFeedbackView(ai.Id, 0, 0, null));
    }

    [Fact]
    public async Task Post_HiddenThreadOrNoRating_404And400Named()
    {
        var maya = await factory.CreateUserAsync("Maya Api", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(maya, "Feedback api hidden", await factory.CreateUserAsync("Tom Api", Roles.Agent));
        var ai = await AiMessages.CreateAsync(factory, threadId, "Hidden answer.");
        var outsider = await factory.CreateClientForAsync(await factory.CreateUserAsync("Outsider Api", Roles.Agent));
        var client = await factory.CreateClientForAsync(maya);

        var hidden = await outsider.PostAsJsonAsync($"/api/chat/message/{ai.Id}/feedback", new { rating = "up" });
        var noRating = await client.PostAsJsonAsync($"/api/chat/message/{ai.Id}/feedback", new { comment = "?" });

        hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await hidden.ReadProblemAsync()).Detail.Should().Be($"Message {ai.Id} was not found.");
        noRating.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noRating.ReadProblemAsync()).Errors.Keys.Should().Contain("rating");
    }
}
