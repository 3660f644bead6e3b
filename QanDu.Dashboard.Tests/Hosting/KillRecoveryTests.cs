using QanDu.Dashboard.Bench;
using QanDu.Dashboard.Bench.Scenarios;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// Issue 12's crash acceptance on the real app: its own process, a real SQLite file, HTTP on loopback, killed with
/// SIGKILL and started again. Three kills each here; the full counts (12 and 16) are the bench scenarios
/// <c>kill-file-posts</c> and <c>kill-ai-questions</c> (BENCHMARKS.md). It measures nothing about speed, so it runs
/// beside other classes (not at the end with the benchmarks' quick run, which must run alone).
/// </summary>
public sealed class KillRecoveryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task KillDuringPostsWithFiles_ThreeKills_NoOrphanFileAndEveryRetryAnswers2xxWithOneMessage()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var log = new StringWriter();

        var report = await KillFilePostsScenario.RunAsync(kills: 3, clients: 6, seed: 12, new BenchLog(log), timeout.Token);

        output.WriteLine(log.ToString());
        output.WriteLine(report.ToString());
        report.Problems.Should().BeEmpty();
        report.Retries.Should().BeGreaterThan(0, "posts were cut by the kills and retried");
        report.Retries2xx.Should().Be(report.Retries, "every retry answers with the stored message or stores it");
        report.KeysWithOneMessage.Should().Be(report.RetriedKeys.Count, "a retry never stores a second message");
        report.OrphansRightAfterKills.Should().Be(0, "a crash leaves no stored file that no message owns");
        report.OrphanFiles.Should().Be(0, "no stored file is left that no message owns");
        report.MissingFiles.Should().Be(0, "every attachment has its file");
    }

    [Fact]
    public async Task KillRightAfterAiQuestions_ThreeKills_EveryQuestionRepliedOrFailedWithARetryThatAnswers()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var log = new StringWriter();

        var report = await KillAiQuestionsScenario.RunAsync(kills: 3, questionsPerKill: 3, seed: 16, new BenchLog(log), timeout.Token);

        output.WriteLine(log.ToString());
        output.WriteLine(report.ToString());
        report.Questions.Should().Be(9);
        report.Unanswered.Should().Be(0, "every acknowledged question gets its reply, written or failed with Retry");
        (report.AnsweredBeforeKill + report.FailedWithRetry).Should().Be(report.Questions);
        report.RetriedAndAnswered.Should().Be(report.FailedWithRetry, "Retry writes the reply into the failed message");
        report.Problems.Should().BeEmpty();
    }
}
