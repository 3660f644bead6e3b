using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Knowledge;

/// <summary>Supervisors and admins write the knowledge base, everyone reads what is published, a stale edit is refused.</summary>
public sealed class KnowledgeServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private KnowledgeService Knowledge => factory.Services.GetRequiredService<KnowledgeService>();

    [Fact]
    public async Task CreateAsync_Supervisor_StoredTrimmedAndReadableByAgents()
    {
        var supervisor = await factory.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var agent = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var title = $"Resetting a router {Unique()}";

        var created = await Knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest($"  {title} ", "Hold the **reset** button.", "EN", "Network, Hardware, network"));

        created.Should().BeEquivalentTo(new
        {
            Title = title, Body = "Hold the **reset** button.", Language = "en", Tags = new[] { "network", "hardware" },
            Status = KnowledgeStatus.Published, Source = KnowledgeSource.Manual, CreatedByName = "Priya Raman", Version = 1,
        });
        (await Knowledge.GetAsync(agent, created.Id)).Title.Should().Be(title);
        (await Knowledge.ListAsync(agent)).Should().Contain(i => i.Id == created.Id && i.AuthorName == "Priya Raman");
    }

    [Fact]
    public async Task CreateAsync_Agent_ForbiddenAndNothingStored()
    {
        var agent = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var title = $"Sneaky {Unique()}";

        var act = () => Knowledge.CreateAsync(agent, new SaveKnowledgeRequest(title, "Body", "en"));

        await act.Should().ThrowAsync<ChatForbiddenException>().WithMessage("Only supervisors and admins edit the knowledge base.");
        (await factory.QueryAsync(db => db.KnowledgeArticles.AnyAsync(a => a.Title == title))).Should().BeFalse();
    }

    [Theory]
    [InlineData("", "Body", "en", "title", "An article needs a title.")]
    [InlineData("201", "Body", "en", "title", "A title is at most 200 characters (this one has 201).")]
    [InlineData("Title", "  ", "en", "body", "An article needs a body.")]
    [InlineData("Title", "50001", "en", "body", "An article is at most 50,000 characters (this one has 50,001). Split it into several articles.")]
    [InlineData("Title", "Body", "xx", "language", "\"xx\" is not a known language code.")]
    [InlineData("Title", "Body", "", "language", "Choose the language the article is written in.")]
    public async Task CreateAsync_BadInput_ValidationErrorNamingFieldAndNothingStored(string title, string body, string language, string field, string message)
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        title = title == "201" ? new string('t', 201) : title;
        body = body == "50001" ? new string('b', 50_001) : body;
        var before = await factory.QueryAsync(db => db.KnowledgeArticles.CountAsync());

        var act = () => Knowledge.CreateAsync(admin, new SaveKnowledgeRequest(title, body, language));

        var error = (await act.Should().ThrowAsync<ChatValidationException>()).Which;
        error.Errors.Should().ContainKey(field).WhoseValue.Single().Should().StartWith(message);
        (await factory.QueryAsync(db => db.KnowledgeArticles.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task UpdateAsync_CurrentVersion_SavedVersionRaisedAndSearchable()
    {
        var supervisor = await factory.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var word = Unique();
        var created = await Knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest("Old title", $"old{word} text", "en"));

        var updated = await Knowledge.UpdateAsync(admin, created.Id, new SaveKnowledgeRequest("New title", $"new{word} text", "de", Version: created.Version));

        updated.Should().BeEquivalentTo(new { Title = "New title", Language = "de", Version = 2, UpdatedByName = "Alex Morgan", CreatedByName = "Priya Raman" });
        (await Knowledge.ListAsync(admin, $"new{word}")).Select(i => i.Id).Should().Equal(created.Id);
        (await Knowledge.ListAsync(admin, $"old{word}")).Should().BeEmpty("the index follows the edit");
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_RefusedWithClearMessageAndNotOverwritten()
    {
        var supervisor = await factory.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var created = await Knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest("Shared article", "First", "en"));
        await Knowledge.UpdateAsync(admin, created.Id, new SaveKnowledgeRequest("Shared article", "Admin's text", "en", Version: created.Version));

        var act = () => Knowledge.UpdateAsync(supervisor, created.Id, new SaveKnowledgeRequest("Shared article", "Supervisor's text", "en", Version: created.Version));

        await act.Should().ThrowAsync<ChatConflictException>().WithMessage("*was changed by someone else since you opened it*");
        (await Knowledge.GetAsync(admin, created.Id)).Body.Should().Be("Admin's text");
    }

    [Fact]
    public async Task UpdateAsync_TwoEditsOfSameVersionAtOnce_ExactlyOneWins()
    {
        var supervisor = await factory.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var created = await Knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest("Raced article", "First", "en"));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            try
            {
                await Knowledge.UpdateAsync(supervisor, created.Id, new SaveKnowledgeRequest("Raced article", $"Edit {i}", "en", Version: 1));
                return true;
            }
            catch (ChatConflictException)
            {
                return false;
            }
        }));

        results.Count(won => won).Should().Be(1);
        (await Knowledge.GetAsync(supervisor, created.Id)).Version.Should().Be(2);
    }

    [Fact]
    public async Task UpdateAsync_Agent_Forbidden()
    {
        var supervisor = await factory.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var agent = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var created = await Knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest("Agents read this", "Body", "en"));

        var act = () => Knowledge.UpdateAsync(agent, created.Id, new SaveKnowledgeRequest("Changed", "Body", "en", Version: 1));

        await act.Should().ThrowAsync<ChatForbiddenException>();
        (await Knowledge.GetAsync(agent, created.Id)).Title.Should().Be("Agents read this");
    }

    [Fact]
    public async Task DeleteAsync_Admin_GoneFromListSearchAndGet()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var word = Unique();
        var created = await Knowledge.CreateAsync(admin, new SaveKnowledgeRequest($"Doomed {word}", "Body", "en"));

        await Knowledge.DeleteAsync(admin, created.Id);

        (await Knowledge.ListAsync(admin, word)).Should().BeEmpty();
        await FluentActions.Awaiting(() => Knowledge.GetAsync(admin, created.Id)).Should().ThrowAsync<ChatNotFoundException>();
        await FluentActions.Awaiting(() => Knowledge.DeleteAsync(admin, created.Id)).Should().ThrowAsync<ChatNotFoundException>();
    }

    [Fact]
    public async Task DeleteAsync_Agent_ForbiddenAndArticleKept()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var agent = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var created = await Knowledge.CreateAsync(admin, new SaveKnowledgeRequest("Keep me", "Body", "en"));

        await FluentActions.Awaiting(() => Knowledge.DeleteAsync(agent, created.Id)).Should().ThrowAsync<ChatForbiddenException>();

        (await Knowledge.GetAsync(agent, created.Id)).Should().BeEquivalentTo(new { created.Id, Title = "Keep me", created.Version });
    }

    [Fact]
    public async Task ListAndGet_CandidateArticle_HiddenFromAgentsShownToSupervisors()
    {
        var supervisor = await factory.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var agent = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var word = Unique();
        var candidate = await Knowledge.CreateAsync(supervisor,
            new SaveKnowledgeRequest($"Learned {word}", "From a rated answer", "en", Status: KnowledgeStatus.Candidate, Source: KnowledgeSource.RatedAnswer));

        (await Knowledge.ListAsync(agent, word)).Should().BeEmpty();
        await FluentActions.Awaiting(() => Knowledge.GetAsync(agent, candidate.Id)).Should().ThrowAsync<ChatNotFoundException>();
        (await Knowledge.ListAsync(supervisor, word, KnowledgeStatus.Candidate)).Should().ContainSingle().Which.Status.Should().Be(KnowledgeStatus.Candidate);
    }

    [Fact]
    public async Task ListAsync_Query_MatchesStemsAndPrefixOfLastWordAndIgnoresSyntax()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var word = Unique();
        var created = await Knowledge.CreateAsync(admin, new SaveKnowledgeRequest($"Refunds for {word}", "Money goes back to the card.", "en"));

        (await Knowledge.ListAsync(admin, $"{word} refund")).Select(i => i.Id).Should().Equal(created.Id);
        (await Knowledge.ListAsync(admin, $"{word} car")).Select(i => i.Id).Should().Equal(created.Id);
        (await Knowledge.ListAsync(admin, $"\"{word}\" OR NEAR( *')--")).Should().BeEmpty();
    }

    [Fact]
    public async Task CreateUpdateDelete_Each_PublishesKnowledgeChanged()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var seen = new List<long>();
        using var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(null, e =>
        {
            if (e is KnowledgeChanged changed)
                lock (seen)
                    seen.Add(changed.ArticleId);
            return Task.CompletedTask;
        });

        var created = await Knowledge.CreateAsync(admin, new SaveKnowledgeRequest("Announced", "Body", "en"));
        await Knowledge.UpdateAsync(admin, created.Id, new SaveKnowledgeRequest("Announced again", "Body", "en", Version: 1));
        await Knowledge.DeleteAsync(admin, created.Id);

        await WaitUntil(() => { lock (seen) return seen.Count(id => id == created.Id) == 3; });
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the events should arrive");
            await Task.Delay(20);
        }
    }

    private static string Unique() => "w" + Guid.NewGuid().ToString("N")[..10];
}
