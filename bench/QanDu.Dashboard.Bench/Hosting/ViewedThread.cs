using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>A person who can sign in to a browser.</summary>
internal sealed record BrowserUser(ChatCaller Caller, string Email);

/// <summary>
/// A group thread with a history of realistic messages, between one poster (who posts the measured messages) and a
/// few viewers, who have it open in the browser pages. The history is posted through the service by all of them in
/// turn, so the thread looks like a conversation (avatars, continuations, a "New messages" line).
/// </summary>
internal sealed record ViewedThread(long ThreadId, ChatCaller Poster, IReadOnlyList<BrowserUser> Viewers)
{
    public const string Password = "Bench!2026-pages";

    public static async Task<ViewedThread> CreateAsync(BenchApp app, int viewers, int messages, TextGenerator texts, CancellationToken ct)
    {
        var poster = await app.CreateUserAsync(texts.PersonName());
        var people = new List<BrowserUser>();
        for (var i = 0; i < viewers; i++)
        {
            var (caller, email) = await app.CreateUserWithPasswordAsync($"{texts.PersonName()} {i}", Roles.Agent, Password);
            people.Add(new BrowserUser(caller, email));
        }
        var threadId = await app.CreateGroupThreadAsync(poster, texts.ThreadTitle(), [.. people.Select(p => p.Caller)]);
        ChatCaller[] speakers = [poster, .. people.Select(p => p.Caller)];
        for (var i = 0; i < messages; i++)
        {
            // Mostly the poster and the first viewer, as a customer-agent exchange, with the others chiming in.
            var speaker = i % 5 == 4 ? speakers[i % speakers.Length] : speakers[i % 2 == 0 ? 0 : Math.Min(1, speakers.Length - 1)];
            await app.Messages.PostAsync(speaker, new PostMessageRequest(threadId, texts.Message()), ct);
        }
        return new ViewedThread(threadId, poster, people);
    }
}
