using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Hosting.Backups;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Backups of a live database while clients post: the ways to copy it (the online backup API in one step, VACUUM INTO,
/// and the stepped backup <c>sqlite3 .backup</c> does), then the real <c>backup</c> command in its own process, then,
/// with the app stopped, <c>restore</c> and a start on the restored data that must hold every message acknowledged
/// before the backup began.
/// </summary>
public sealed class BackupScenario : Scenario
{
    private const string Target = "finishes under load; restore holds every message acknowledged before it began";

    public override string Name => "backup";
    public override int Order => 85;
    public override string Targets => $"backup of a generated workspace while 32 clients post: {Target}";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var clients = options.Size(8, 32);
        var set = await LargeDataSet.GetOrCreateAsync(options, options.Size(20_000, 200_000), log, ct);
        var work = Directory.CreateTempSubdirectory("qandu-bench-backup-").FullName;
        var copies = Directory.CreateTempSubdirectory("qandu-bench-backup-out-").FullName;
        try
        {
            File.Copy(Path.Combine(set.Folder, "qandu.db"), Path.Combine(work, "qandu.db")); // the cached set is closed: a plain copy is safe
            var database = Path.Combine(work, "qandu.db");
            var size = $"{Figures.Bytes(new FileInfo(database).Length)} database ({Figures.Count(set.Messages)} messages), {clients} clients posting";
            var rows = new List<ResultRow>();
            long verbStarted;
            CommandRun backup;
            PostingLoad load;
            await using (var app = BenchApp.StartOn(work, LargeDataSet.ReadOnlySettings))
            {
                load = await PostingLoad.StartAsync(app, clients, new TextGenerator(options.Seed));
                await Task.Delay(TimeSpan.FromSeconds(options.Size(0.5, 2)), ct); // warm-up
                var from = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromSeconds(options.Size(1, 5)), ct);
                var quiet = load.Describe(from, Stopwatch.GetTimestamp());
                log.Info($"{Name}: posting without a backup: {quiet}");

                rows.Add(await CopyAsync("online backup API, one step (what backup uses)", size, quiet, load, log,
                    Path.Combine(copies, "one-step.db"), copy => BackupMethods.OneStep(database, copy)));
                rows.Add(await CopyAsync("VACUUM INTO", size, quiet, load, log,
                    Path.Combine(copies, "vacuum-into.db"), copy => BackupMethods.VacuumInto(database, copy)));
                rows.Add(await CopyAsync("stepped, 100 pages a step, as sqlite3 .backup", size, quiet, load, log,
                    Path.Combine(copies, "stepped.db"), copy => BackupMethods.Stepped(database, copy, TimeSpan.FromSeconds(options.Size(3, 60)))));

                log.Info($"{Name}: the backup command in its own process");
                verbStarted = Stopwatch.GetTimestamp();
                backup = await AppCommand.RunAsync(work, ["backup", "--out", Path.Combine(copies, "backup.zip")], TimeSpan.FromMinutes(10), ct);
                var during = load.Describe(verbStarted, Stopwatch.GetTimestamp());
                await load.StopAsync();
                log.Info($"{Name}: {backup}; posting meanwhile: {during}");
                if (backup.ExitCode != 0)
                    throw new InvalidOperationException($"The backup command failed: {backup}");
            }
            SqliteConnection.ClearAllPools(); // the stopped app's pooled connections would point at the replaced file

            var before = load.Between(0, verbStarted).Select(a => a.MessageId).ToHashSet();
            var restore = await AppCommand.RunAsync(work, ["restore", "--from", Path.Combine(copies, "backup.zip")], TimeSpan.FromMinutes(10), ct);
            log.Info($"{Name}: {restore}");
            if (restore.ExitCode != 0)
                throw new InvalidOperationException($"The restore command failed: {restore}");
            int found;
            await using (var restored = BenchApp.StartOn(work, LargeDataSet.ReadOnlySettings))
            {
                var lowest = before.Min();
                var ids = await restored.QueryAsync(db => Task.FromResult(db.Messages.Where(m => m.Id >= lowest).Select(m => m.Id).ToHashSet()));
                found = before.Count(ids.Contains);
            }
            SqliteConnection.ClearAllPools();
            var took = Regex.Match(backup.Output, @"in (\d+\.\d) s").Groups[1].Value;
            var archive = Regex.Match(backup.Output, @"\(([\d.]+ [KMG]?B)\)").Groups[1].Value;
            rows.Add(new ResultRow(Name, size,
                $"backup command in its own process: exit 0 after {backup.Elapsed.TotalSeconds:0.0} s with .NET's start ({took} s of work), archive {archive}, " +
                $"integrity_check ok, checksums verified; restore {restore.Elapsed.TotalSeconds:0.0} s; after restore {Figures.Count(found)} of " +
                $"{Figures.Count(before.Count)} messages acknowledged before the backup began are there",
                Target, found == before.Count && before.Count > 0));
            return rows;
        }
        finally
        {
            BenchApp.DeleteFolder(work);
            BenchApp.DeleteFolder(copies);
        }
    }

    private async Task<ResultRow> CopyAsync(
        string method, string size, string quiet, PostingLoad load, BenchLog log, string path, Func<string, CopyResult> copy)
    {
        log.Info($"{Name}: {method}");
        var from = Stopwatch.GetTimestamp();
        var result = await Task.Run(() => copy(path));
        var during = load.Describe(from, Stopwatch.GetTimestamp());
        var check = Stopwatch.StartNew();
        var integrity = result.Finished ? SqliteFile.IntegrityCheck(path) : "";
        var figures = result.Finished
            ? $"finished in {result.Elapsed.TotalSeconds:0.00} s{(result.Detail.Length > 0 ? $" ({result.Detail})" : "")}, copy {Figures.Bytes(result.Bytes)}, " +
              $"integrity_check {integrity} ({check.Elapsed.TotalSeconds:0.0} s)"
            : $"did not finish in {result.Elapsed.TotalSeconds:0} s ({result.Detail})";
        log.Info($"{Name}: {method}: {figures}; posting meanwhile {during}");
        return new ResultRow($"{Name} ({method})", size, $"{figures}; posting meanwhile {during} (without a backup: {quiet})", "(for context)", null);
    }
}
