using System.Text;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Architecture
{
    /// <summary>
    /// Which folders of the compiled app depend on which, read from its metadata and IL (so .razor files and lambdas
    /// count). A folder is a namespace: Features.&lt;Feature&gt;, Realtime, Data, Hosting, Components, Rendering or Root.
    /// </summary>
    public sealed class FeatureDependencyTests(ITestOutputHelper output)
    {
        private const int ExamplesPerEdge = 5;
        private const string FixtureNamespace = "QanDu.Dashboard.Tests.Architecture.Fixture";

        // The app assembly does not change during a run, so it is read once for all tests.
        private static readonly Lazy<IReadOnlyList<TypeDependency>> App =
            new(() => AssemblyDependencies.Read(typeof(Program).Assembly, DashboardFolder));

        [Fact]
        public void FeatureFolders_ImportEachOtherWithoutCycles()
        {
            output.WriteLine(GraphText(App.Value));
            var features = App.Value.Where(d => IsFeature(d.FromFolder) && IsFeature(d.ToFolder)).ToList();
            var cycles = StronglyConnected(Graph(features)).Where(c => c.Count > 1).ToList();

            cycles.Select(c => string.Join(", ", c)).Should().BeEmpty(
                "feature folders must not depend on each other in a cycle; move a type or invert a reference:{0}{1}",
                Environment.NewLine, CycleReport(cycles, features));
        }

        [Fact]
        public void Realtime_UsesNoFeatureNamespace()
        {
            var edges = App.Value.Where(d => d.FromFolder == "Realtime" && IsFeature(d.ToFolder)).Select(d => d.ToString()).ToList();

            // The reason carries the whole list: FluentAssertions names only the first item of a non-empty collection.
            edges.Should().BeEmpty("Realtime carries the features' events, so it must know none of them; it uses:{0}{1}",
                Environment.NewLine, string.Join(Environment.NewLine, edges));
        }

        [Fact]
        public void Read_ReferencesOnlyInLambdasAsyncMethodsAndRazorMarkup_AreFound()
        {
            var fixture = AssemblyDependencies.Read(typeof(FeatureDependencyTests).Assembly, FixtureFolder);
            var graph = Graph(App.Value);

            fixture.Should().Equal(new TypeDependency("A", "B", $"{FixtureNamespace}.A.Caller", $"{FixtureNamespace}.B.Thing"));
            graph["Root"].Should().Contain("Hosting", "Program's top-level statements call the Hosting registrations");
            graph["Components"].Should().Contain("Root", "Routes.razor finds the pages through typeof(Program)");
            graph["Hosting"].Where(IsFeature).Should().HaveCountGreaterThanOrEqualTo(3, "Hosting registers the features");
            graph["Features.Threads"].Should().Contain("Data", "threads are stored in the database");
        }

        /// <summary>The folder of an app type by its outermost type's full name; null for anonymous and source-generated types.</summary>
        private static string? DashboardFolder(string type)
        {
            const string app = "QanDu.Dashboard.";
            if (type == "Program")
                return "Root";
            if (!type.StartsWith(app, StringComparison.Ordinal))
                return null;
            var segments = type[app.Length..].Split('.');
            return segments switch
            {
                ["Features", var feature, _, ..] => $"Features.{feature}",
                ["Realtime" or "Data" or "Hosting" or "Components" or "Rendering", _, ..] => segments[0],
                _ => "Root",
            };
        }

        private static string? FixtureFolder(string type) =>
            type.StartsWith(FixtureNamespace + ".", StringComparison.Ordinal) ? type.Split('.')[^2] : null;

        private static bool IsFeature(string folder) => folder.StartsWith("Features.", StringComparison.Ordinal);

        private static SortedDictionary<string, SortedSet<string>> Graph(IEnumerable<TypeDependency> dependencies)
        {
            var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var d in dependencies)
            {
                graph.TryAdd(d.ToFolder, new(StringComparer.Ordinal));
                if (!graph.TryAdd(d.FromFolder, new(StringComparer.Ordinal) { d.ToFolder }))
                    graph[d.FromFolder].Add(d.ToFolder);
            }
            return graph;
        }

        private static string GraphText(IReadOnlyList<TypeDependency> dependencies)
        {
            var text = new StringBuilder("Folder graph (folder → folders it uses, with the number of type-level references):").AppendLine();
            foreach (var (folder, targets) in Graph(dependencies))
            {
                var uses = targets.Select(t => $"{t} ({dependencies.Count(d => d.FromFolder == folder && d.ToFolder == t)})");
                text.AppendLine($"  {folder} → {(targets.Count == 0 ? "(nothing)" : string.Join(", ", uses))}");
            }
            return text.ToString();
        }

        private static string CycleReport(List<List<string>> components, List<TypeDependency> dependencies)
        {
            var text = new StringBuilder();
            var graph = Graph(dependencies);
            foreach (var component in components)
            {
                var edges = dependencies.Where(d => component.Contains(d.FromFolder) && component.Contains(d.ToFolder))
                    .GroupBy(d => (From: d.FromFolder, To: d.ToFolder)).ToList();
                var mutual = edges.Where(e => string.CompareOrdinal(e.Key.From, e.Key.To) < 0 && graph[e.Key.To].Contains(e.Key.From));
                text.AppendLine().AppendLine($"Folders in one cycle ({component.Count}): {string.Join(", ", component)}");
                text.AppendLine($"  Folders using each other directly: {string.Join(", ", mutual.Select(e => $"{e.Key.From} ↔ {e.Key.To}"))}");
                text.AppendLine($"  Its {edges.Count} edges, each with the shortest cycle it closes and up to {ExamplesPerEdge} example references:");
                foreach (var edge in edges)
                {
                    var cycle = ShortestCycle(edge.Key.From, edge.Key.To, component, graph);
                    text.AppendLine($"    {edge.Key.From} → {edge.Key.To} ({References(edge.Count())}; cycle {string.Join(" → ", cycle)}):");
                    foreach (var example in edge.Take(ExamplesPerEdge))
                        text.AppendLine($"      {example}");
                    if (edge.Count() > ExamplesPerEdge)
                        text.AppendLine($"      … and {edge.Count() - ExamplesPerEdge} more");
                }
            }
            return text.ToString();
        }

        private static string References(int count) => count == 1 ? "1 reference" : $"{count} references";

        // Every edge inside a component lies on a cycle; breadth-first search finds the shortest way back.
        private static List<string> ShortestCycle(string from, string to, List<string> component, SortedDictionary<string, SortedSet<string>> graph)
        {
            var previous = new Dictionary<string, string> { [to] = to };
            var queue = new Queue<string>([to]);
            while (queue.TryDequeue(out var node) && node != from)
            {
                foreach (var next in graph[node].Where(component.Contains))
                {
                    if (previous.TryAdd(next, node))
                        queue.Enqueue(next);
                }
            }
            var back = new List<string>();
            for (var node = from; node != to; node = previous[node])
                back.Add(node);
            back.Reverse();
            return [from, to, .. back];
        }

        // Tarjan's algorithm: every cycle lies inside one strongly connected component.
        private static List<List<string>> StronglyConnected(SortedDictionary<string, SortedSet<string>> graph)
        {
            var index = new Dictionary<string, int>();
            var low = new Dictionary<string, int>();
            var stack = new Stack<string>();
            var components = new List<List<string>>();
            foreach (var node in graph.Keys.Where(n => !index.ContainsKey(n)))
                Connect(node);
            return components;

            void Connect(string node)
            {
                var order = index.Count;
                index[node] = low[node] = order;
                stack.Push(node);
                foreach (var next in graph[node])
                {
                    if (!index.ContainsKey(next))
                    {
                        Connect(next);
                        low[node] = Math.Min(low[node], low[next]);
                    }
                    else if (stack.Contains(next))
                        low[node] = Math.Min(low[node], index[next]);
                }
                if (low[node] != order)
                    return;
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                } while (member != node);
                components.Add([.. component.Order(StringComparer.Ordinal)]);
            }
        }
    }
}

// A fixture where folder A uses folder B only inside a lambda of an async method: the compiler moves that code into
// a closure class and a state machine nested in A.Caller, so finding the edge proves bodies and nesting are read.
namespace QanDu.Dashboard.Tests.Architecture.Fixture.A
{
    internal sealed class Caller
    {
        public async Task<object> CallAsync(int size)
        {
            await Task.Yield();
            Func<object> make = () => new B.Thing(size);
            return make();
        }
    }
}

namespace QanDu.Dashboard.Tests.Architecture.Fixture.B
{
    internal sealed class Thing(int size)
    {
        public int Size => size;
    }
}
