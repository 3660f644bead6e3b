using Microsoft.Extensions.AI;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Assistant;

public sealed partial class AssistantService
{
    /// <summary>One reply being written in one thread, with its own cancellation.</summary>
    private sealed class ActiveStream(CancellationTokenSource cancellation) : IDisposable
    {
        private int _disposed;

        public CancellationToken Token { get; } = cancellation.Token;

        public long? MessageId { get; set; }

        public Task Completion { get; set; } = Task.CompletedTask;

        /// <summary>Cancels the stream and waits until its message is stored as stopped.</summary>
        public async Task StopAsync()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                try
                {
                    await cancellation.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // It finished meanwhile.
                }
            }
            await Completion;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                cancellation.Dispose();
        }
    }

    /// <summary>What the client told about its answer on the way: model, confidence, sources.</summary>
    private sealed class ReplyInfo
    {
        public string? Model { get; private set; }

        public double? Confidence { get; private set; }

        public IReadOnlyList<AiSource> Sources { get; private set; } = [];

        public AiContextReport? Context { get; set; }

        /// <summary>Tool requests refused outright, said on the message.</summary>
        public List<string> Notes { get; } = [];

        /// <summary>Follow-ups the assistant drafted for the agent.</summary>
        public List<string> Drafts { get; } = [];

        public void Read(ChatResponseUpdate update)
        {
            Model ??= update.ModelId;
            if (update.AdditionalProperties is not { } properties)
                return;
            if (properties.TryGetValue(AssistantRequest.ConfidenceKey, out var confidence) && confidence is double value)
                Confidence = value;
            if (properties.TryGetValue(AssistantRequest.SourcesKey, out var sources) && sources is IReadOnlyList<AiSource> list)
                Sources = list;
        }
    }
}
