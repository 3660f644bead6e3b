using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>One person in the generated workspace. Customers have no role (they cannot sign in to the dashboard).</summary>
internal sealed record PlannedUser(int Index, string Id, string Name, string Email, string? Role, DateTime CreatedAt);

/// <summary>
/// One generated thread: who takes part, when it ran, how many messages it holds and who sends each of them
/// (<see cref="Senders"/>: an index into <see cref="Participants"/> per message, in order).
/// </summary>
internal sealed class PlannedThread
{
    public required int Index { get; init; }
    public required ThreadType Type { get; init; }
    public required string? Title { get; init; }
    public required int[] Participants { get; init; }
    public required int? Assignee { get; init; }
    public required PriorityLevel Priority { get; init; }
    public required DateTime Start { get; init; }
    public required TimeSpan Span { get; init; }
    public required byte[] Senders { get; init; }
    public int Count => Senders.Length;
    public DateTime End => Start + Span;
}

/// <summary>
/// The shape of the large workspace, decided up front from the seed: users, threads (one of exactly
/// <see cref="BigThreadSize"/> messages, the rest with a skewed, log-normal size spread), the sender of every
/// message and every message's time. Text is generated later, while writing, from the same seed.
/// </summary>
internal sealed class LargeDataPlan
{
    /// <summary>The generated history ends here (fixed, so two runs give the same data) and starts two years earlier.</summary>
    public static readonly DateTime HistoryEnd = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime HistoryStart = HistoryEnd.AddDays(-730);

    /// <summary>Customer conversations quiet for longer than this are resolved and archived, as a team does.</summary>
    public static readonly TimeSpan ArchiveAfter = TimeSpan.FromDays(30);

    public required int Seed { get; init; }
    public required int MessageCount { get; init; }
    public required int BigThreadSize { get; init; }
    public required IReadOnlyList<PlannedUser> Users { get; init; }
    public required IReadOnlyList<PlannedThread> Threads { get; init; }

    /// <summary>The thread of <see cref="BigThreadSize"/> messages: the support team's channel, two years long.</summary>
    public PlannedThread BigThread => Threads[0];

    public static LargeDataPlan Create(int seed, int messages, int bigThread, int threadCount, int staff, int supervisors)
    {
        var random = new Random(seed);
        var text = new TextGenerator(seed);
        var users = CreateUsers(random, text, staff, supervisors, customers: Math.Max(20, threadCount / 2));
        var agents = users.Where(u => u.Role == Roles.Agent).Select(u => u.Index).ToArray();
        var leads = users.Where(u => u.Role == Roles.Supervisor).Select(u => u.Index).ToArray();
        var customers = users.Where(u => u.Role is null).Select(u => u.Index).ToArray();
        var sizes = ThreadSizes(random, messages - bigThread, threadCount - 1);

        var threads = new List<PlannedThread>(threadCount)
        {
            // The team channel: a few dozen staff (every supervisor among them) over the whole two years.
            NewThread(random, 0, ThreadType.Group, "Support team", [.. leads, .. Pick(random, agents, Math.Min(agents.Length, 36))],
                null, HistoryStart, HistoryEnd - HistoryStart, bigThread, SenderPattern.Channel),
        };
        for (var i = 1; i < threadCount; i++)
        {
            var size = sizes[i - 1];
            var roll = random.Next(100);
            var start = HistoryStart + (HistoryEnd - HistoryStart) * Math.Sqrt(random.NextDouble()); // the team grows: more recent threads
            if (roll < 85)
            {
                // A customer conversation: the customer, their agent, sometimes a second agent or a supervisor.
                var agent = agents[(int)(agents.Length * Math.Pow(random.NextDouble(), 1.6))]; // some agents carry more
                int[] people = random.Next(10) switch
                {
                    0 => [customers[random.Next(customers.Length)], agent, leads[random.Next(leads.Length)]],
                    1 => [customers[random.Next(customers.Length)], agent, agents[random.Next(agents.Length)]],
                    _ => [customers[random.Next(customers.Length)], agent],
                };
                var span = TimeSpan.FromHours(Math.Min(24 * 60, Math.Exp(Normal(random, Math.Log(6), 1.5)) * Math.Max(1, size / 40.0)));
                threads.Add(NewThread(random, i, ThreadType.Group, text.ThreadTitle(), people.Distinct().ToArray(), agent, start, span, size, SenderPattern.Customer));
            }
            else if (roll < 95)
            {
                var people = Pick(random, agents, random.Next(3, 16)).Append(leads[random.Next(leads.Length)]).Distinct().ToArray();
                var span = TimeSpan.FromDays(Math.Min(365, 3 + size / 20.0));
                threads.Add(NewThread(random, i, ThreadType.Group, $"{text.ThreadTitle()} (internal)", people, null, start, span, size, SenderPattern.Channel));
            }
            else
            {
                var pair = Pick(random, agents, 2);
                var span = TimeSpan.FromDays(Math.Min(365, 1 + size / 30.0));
                threads.Add(NewThread(random, i, ThreadType.Direct, null, pair, null, start, span, size, SenderPattern.Customer));
            }
        }
        return new LargeDataPlan { Seed = seed, MessageCount = messages, BigThreadSize = bigThread, Users = users, Threads = threads };
    }

    private static List<PlannedUser> CreateUsers(Random random, TextGenerator text, int staff, int supervisors, int customers)
    {
        var users = new List<PlannedUser>();
        void Add(string? role, string name, string domain)
        {
            var index = users.Count;
            var id = new Guid(RandomBytes(random, 16)).ToString();
            var email = $"{name.ToLowerInvariant().Replace(' ', '.')}.{index}@{domain}";
            users.Add(new PlannedUser(index, id, name, email, role, HistoryStart.AddDays(-random.Next(1, 400))));
        }
        Add(Roles.Admin, "Ada Admin", "team.example");
        for (var i = 0; i < supervisors; i++)
            Add(Roles.Supervisor, text.PersonName(), "team.example");
        for (var i = 0; i < staff; i++)
            Add(Roles.Agent, text.PersonName(), "team.example");
        for (var i = 0; i < customers; i++)
            Add(null, text.PersonName(), "customer.example");
        return users;
    }

    /// <summary>Log-normal sizes (a few long threads, many short ones), at least 2 each, summing to exactly <paramref name="total"/>.</summary>
    private static int[] ThreadSizes(Random random, int total, int count)
    {
        var weights = Enumerable.Range(0, count).Select(_ => Math.Exp(Normal(random, 0, 1.3))).ToArray();
        var sum = weights.Sum();
        var spare = total - 2 * count;
        var sizes = weights.Select(w => 2 + (int)(w / sum * spare)).ToArray();
        for (var left = total - sizes.Sum(); left > 0; left--)
            sizes[random.Next(count)]++;
        return sizes;
    }

    private enum SenderPattern { Customer, Channel }

    private static PlannedThread NewThread(Random random, int index, ThreadType type, string? title, int[] people, int? assignee,
        DateTime start, TimeSpan span, int size, SenderPattern pattern)
    {
        if (start + span > HistoryEnd)
            start = HistoryEnd - span;
        var senders = new byte[size];
        if (pattern == SenderPattern.Customer)
        {
            // Turns alternate, with runs of two or three lines; a third person speaks now and then.
            var current = 0;
            for (var i = 0; i < size; i++)
            {
                if (i > 0 && random.Next(100) < 65)
                    current = people.Length > 2 && random.Next(100) < 15 ? 2 : 1 - Math.Min(current, 1);
                senders[i] = (byte)current;
            }
        }
        else
        {
            // A channel: a few people write most of it.
            for (var i = 0; i < size; i++)
                senders[i] = (byte)(people.Length * Math.Pow(random.NextDouble(), 2));
        }
        var priority = random.Next(100) switch { < 5 => PriorityLevel.Urgent, < 15 => PriorityLevel.High, < 25 => PriorityLevel.Low, _ => PriorityLevel.Normal };
        return new PlannedThread
        {
            Index = index, Type = type, Title = title, Participants = people, Assignee = assignee, Priority = priority,
            Start = start, Span = span, Senders = senders,
        };
    }

    /// <summary>Every message's time, thread by thread in order (strictly increasing within a thread), as ticks.</summary>
    public void FillTimes(Random random, long[] ticks, int[] threadOfMessage)
    {
        var n = 0;
        foreach (var thread in Threads)
        {
            // Exponential gaps, normalised to the span: bursts and pauses, like a conversation.
            var gaps = new double[thread.Count];
            var total = 0.0;
            for (var i = 0; i < gaps.Length; i++)
                total += gaps[i] = -Math.Log(1 - random.NextDouble()) + 1e-9;
            var at = 0.0;
            var previous = long.MinValue;
            for (var i = 0; i < gaps.Length; i++)
            {
                var t = thread.Start.Ticks + (long)(thread.Span.Ticks * (at / total));
                at += gaps[i];
                previous = Math.Max(t, previous + TimeSpan.TicksPerMillisecond);
                ticks[n] = previous;
                threadOfMessage[n] = thread.Index;
                n++;
            }
        }
    }

    private static int[] Pick(Random random, int[] from, int count)
    {
        var copy = (int[])from.Clone();
        random.Shuffle(copy);
        return copy[..count];
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static double Normal(Random random, double mean, double deviation) =>
        mean + deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
