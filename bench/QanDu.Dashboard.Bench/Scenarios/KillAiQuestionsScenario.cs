using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using QanDu.Dashboard.Bench.Hosting;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Issue 12's acceptance for a crash right after a question in an AI thread: questions are asked in fresh AI threads
/// (the Local assistant answers), and 8–88 ms after the last one is acknowledged the app is killed with SIGKILL. After
/// the restart every question must end with a reply: written, or shown failed with Retry, and then Retry answers it.
/// </summary>
public sealed class KillAiQuestionsScenario : Scenario
{
    private const string Target = "every question ends with a reply or a failed reply with Retry";
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(30);

    private static readonly string[] Questions =
    [
        "How do I reset my password?", "Can I get a refund for a double charge on my invoice?", "How do I export my data?",
        "Why is the app so slow today?", "How do I add a colleague to my account?", "Where can I change my billing address?",
    ];

    public override string Name => "kill-ai-questions";
    public override int Order => 87;
    public override string Targets => $"16 kill -9 right after AI questions: {Target}";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var perKill = options.Size(2, 3);
        var report = await RunAsync(kills: options.Size(1, 16), perKill, options.Seed, log, ct);
        return [new ResultRow(Name, $"{report.Kills} kill -9, {perKill} questions before each", report.ToString(), Target, report.Met)];
    }

    /// <summary>The kill cycles; also run by the test suite with fewer kills.</summary>
    public static async Task<AiQuestionKills> RunAsync(int kills, int questionsPerKill, int seed, BenchLog log, CancellationToken ct)
    {
        var random = new Random(seed);
        using var app = await KilledApp.CreateAsync(ct);
        await app.StartAsync(ct);
        var report = new AiQuestionKills { Kills = kills };
        for (var kill = 1; kill <= kills; kill++)
        {
            var threads = new List<long>();
            for (var i = 0; i < questionsPerKill; i++)
                threads.Add(await app.CreateThreadAsync("ai", $"Kill {kill}, question {i + 1}", ct));
            var asked = await Task.WhenAll(threads.Select((thread, i) => AskAsync(app.Client, thread, Questions[(kill + i) % Questions.Length], $"q{kill}-{i}", ct)));
            var acknowledged = Stopwatch.GetTimestamp();
            var delay = random.Next(8, 89);
            await Task.Delay(delay, ct);
            report.Delays.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
            app.Kill();
            await app.StartAsync(ct);
            var outcomes = new List<string>();
            foreach (var (thread, questionId) in threads.Zip(asked))
                outcomes.Add(await SettleAsync(app.Client, thread, questionId, report, ct));
            log.Info($"kill-ai-questions: kill {kill}, {delay} ms after {asked.Length} acknowledged questions: {string.Join(", ", outcomes)}");
        }
        app.Kill();
        return report;
    }

    private static async Task<long> AskAsync(HttpClient client, long threadId, string question, string key, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/api/chat/message", new { threadId, content = question, clientKey = key }, KilledApp.Json, ct);
        if ((int)response.StatusCode != 201)
            throw new InvalidOperationException($"The question answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(KilledApp.Json, ct)).GetProperty("id").GetInt64();
    }

    /// <summary>After the restart: the question's reply, written or failed; a failed one is retried until it is written.</summary>
    private static async Task<string> SettleAsync(HttpClient client, long threadId, long questionId, AiQuestionKills report, CancellationToken ct)
    {
        report.Questions++;
        var reply = await WaitForReplyAsync(client, threadId, questionId, status => status != "sending", ct);
        switch (reply?.Status)
        {
            case "sent" when reply.Content.Length > 0:
                report.AnsweredBeforeKill++;
                return "answered";
            case "failed":
                report.FailedWithRetry++;
                using (var retry = await client.PostAsync($"/api/chat/message/{reply.Id}/retry", null, ct))
                    if (!retry.IsSuccessStatusCode)
                    {
                        report.Problems.Add($"retry of reply {reply.Id} answered {(int)retry.StatusCode}: {await retry.Content.ReadAsStringAsync(ct)}");
                        return "failed, retry refused";
                    }
                var retried = await WaitForReplyAsync(client, threadId, questionId, status => status == "sent", ct);
                if (retried is { Status: "sent", Content.Length: > 0 } && retried.Id == reply.Id)
                {
                    report.RetriedAndAnswered++;
                    return "failed with Retry, retried: answered";
                }
                report.Problems.Add($"reply {reply.Id} after Retry: {retried?.Status ?? "gone"}");
                return "failed with Retry, retry did not answer";
            default:
                report.Unanswered++;
                report.Problems.Add($"question {questionId}: {(reply is null ? "no reply" : $"reply {reply.Id} still {reply.Status}")} {ReplyWait.TotalSeconds:0} s after the restart");
                return "no reply";
        }
    }

    /// <summary>The AI message after the question once its status is <paramref name="settled"/> (or as it is at the timeout); null if there is none.</summary>
    private static async Task<Reply?> WaitForReplyAsync(HttpClient client, long threadId, long questionId, Func<string, bool> settled, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        Reply? reply = null;
        while (waited.Elapsed < ReplyWait)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/chat/history?threadId={threadId}", KilledApp.Json, ct);
            reply = page.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("senderType").GetString() == "ai" && m.GetProperty("id").GetInt64() > questionId)
                .Select(m => new Reply(m.GetProperty("id").GetInt64(), m.GetProperty("status").GetString() ?? "", m.GetProperty("content").GetString() ?? ""))
                .FirstOrDefault();
            if (reply is not null && settled(reply.Status))
                return reply;
            await Task.Delay(100, ct);
        }
        return reply;
    }

    private sealed record Reply(long Id, string Status, string Content);
}

/// <summary>What the AI-question kill cycles counted.</summary>
public sealed class AiQuestionKills
{
    public int Kills { get; set; }
    public int Questions { get; set; }
    public int AnsweredBeforeKill { get; set; }
    public int FailedWithRetry { get; set; }
    public int RetriedAndAnswered { get; set; }
    public int Unanswered { get; set; }
    public List<double> Delays { get; } = [];
    public List<string> Problems { get; } = [];

    public bool Met => Questions > 0 && Unanswered == 0 && AnsweredBeforeKill + FailedWithRetry == Questions && RetriedAndAnswered == FailedWithRetry && Problems.Count == 0;

    public override string ToString() =>
        $"{Kills} kills {Delays.DefaultIfEmpty().Min():0}–{Delays.DefaultIfEmpty().Max():0} ms after the last question was acknowledged; {Questions} questions: " +
        $"{AnsweredBeforeKill} answered before the kill, {FailedWithRetry} shown failed with Retry after the restart " +
        $"({RetriedAndAnswered} answered by Retry), {Unanswered} without a reply" +
        (Problems.Count > 0 ? $"; problems: {string.Join(" | ", Problems.Take(5))}" : "");
}
