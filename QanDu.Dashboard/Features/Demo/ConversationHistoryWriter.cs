using System.Text.Json;
using Microsoft.Data.Sqlite;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Demo;

/// <summary>
/// Writes generated past conversations (<see cref="ConversationHistory"/>) with prepared SQL in the caller's transaction:
/// the thread with its columns, participants, messages, the activity log (message facts by the message writer's rules,
/// the others as generated) and the read cursors of the customer and the assignee. History is bulk-written because
/// thousands of back-dated posts through the message writer would take seconds to minutes; what lands is what the app
/// would have recorded had it happened live.
/// </summary>
internal sealed class ConversationHistoryWriter : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web); // as the Metadata column's converter
    private static readonly string RatedLine = JsonSerializer.Serialize(new MessageMetadata { System = new SystemMetadata("conversation", "rated") }, Json);

    private readonly Func<HistoryMessage, string?> _metadata;
    private readonly SqliteCommand _thread, _finish, _participant, _message, _fact, _sentiment, _cursor;

    /// <param name="connection">The app's database, open.</param>
    /// <param name="transaction">The caller's transaction: the history commits whole or not at all.</param>
    /// <param name="metadata">The stored metadata of a message (e.g. its analysis); null leaves it to the app's analysis catch-up.</param>
    public ConversationHistoryWriter(SqliteConnection connection, SqliteTransaction transaction, Func<HistoryMessage, string?>? metadata = null)
    {
        _metadata = metadata ?? (_ => null);
        SqliteCommand Command(string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in names)
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            return command;
        }
        _thread = Command(
            "INSERT INTO Threads (Title, Type, Status, Priority, AssigneeId, TeamId, CreatedById, CreatedAt, UpdatedAt, ChannelId, ContactId, "
            + "ResolvedAt, Rating, RatingComment, RatedAt, FirstReplyAt, HandedOffAt, HandOffReason) "
            + "VALUES (@title, @type, @status, @priority, @assignee, @team, @creator, @created, @updated, @channel, @contact, "
            + "@resolved, @rating, @comment, @rated, @first, @handed, @reason) RETURNING Id",
            "@title", "@type", "@status", "@priority", "@assignee", "@team", "@creator", "@created", "@updated", "@channel", "@contact",
            "@resolved", "@rating", "@comment", "@rated", "@first", "@handed", "@reason");
        _finish = Command("UPDATE Threads SET LastMessageId = @id, LastMessagePreview = @preview, LastMessageSenderName = @name, LastMessageAt = @at WHERE Id = @thread",
            "@id", "@preview", "@name", "@at", "@thread");
        _participant = Command("INSERT INTO Participants (ThreadId, UserId, JoinedAt) VALUES (@thread, @user, @at)", "@thread", "@user", "@at");
        _message = Command(
            "INSERT INTO Messages (ThreadId, Content, Type, SenderId, SenderName, SenderType, Timestamp, Status, ClientKey, IsPrivate, Metadata) "
            + "VALUES (@thread, @content, @type, @sender, @name, @senderType, @at, @status, @key, @private, @metadata) RETURNING Id",
            "@thread", "@content", "@type", "@sender", "@name", "@senderType", "@at", "@status", "@key", "@private", "@metadata");
        _fact = Command(
            "INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail) "
            + "VALUES (@thread, @kind, @at, @user, @channel, @team, @message, @value, @detail)",
            "@thread", "@kind", "@at", "@user", "@channel", "@team", "@message", "@value", "@detail");
        // A customer message written with its analysis carries it on its fact too, as the analysis store copies it.
        _sentiment = Command("""
            UPDATE ConversationActivity SET Sentiment = json_extract(m.Metadata, '$.analysis.sentiment'),
                SentimentScore = json_extract(m.Metadata, '$.analysis.sentimentScore'), Intent = json_extract(m.Metadata, '$.analysis.intent')
            FROM Messages m WHERE m.Id = ConversationActivity.MessageId AND ConversationActivity.ThreadId = @thread AND ConversationActivity.Kind = 1
                AND m.Metadata IS NOT NULL
            """, "@thread");
        _cursor = Command("INSERT INTO ReadCursors (ThreadId, UserId, LastReadMessageId, UpdatedAt) VALUES (@thread, @user, @message, @at)",
            "@thread", "@user", "@message", "@at");
    }

    /// <summary>Writes one conversation; returns its thread id.</summary>
    public async Task<long> WriteAsync(HistoryConversation c, CancellationToken ct = default)
    {
        var facts = c.AllFacts().ToList();
        var threadId = (long)(await Scalar(_thread, ct, c.Title, (int)ThreadType.Group, (int)c.Status, (int)c.Priority, c.Assignee?.UserId,
            c.Channel.TeamId, c.Customer.UserId, c.CreatedAt, c.EndsAt, c.Channel.Id, c.Customer.ContactId,
            c.ResolvedAt, c.Rating, c.RatingComment, c.RatedAt, c.FirstReplyAt, c.HandedOffAt, c.HandOffReason))!;
        await Run(_participant, ct, threadId, c.Customer.UserId, c.CreatedAt);
        if (c.Assignee is { } assignee)
            await Run(_participant, ct, threadId, assignee.UserId, facts.First(f => f.Fact.Kind == ActivityKind.Assigned && f.Fact.UserId == assignee.UserId).Fact.At);

        // Open conversations: what came after the team's last word is not read yet; everything else was read.
        var lastAnswer = c.Status == ThreadStatus.Archived ? c.Messages.Count : c.Messages.FindLastIndex(m => m.Sender is HistorySender.Agent or HistorySender.Assistant);
        var ids = new long[c.Messages.Count];
        for (var i = 0; i < c.Messages.Count; i++)
        {
            var m = c.Messages[i];
            var system = m.Sender == HistorySender.System;
            ids[i] = (long)(await Scalar(_message, ct, threadId, m.Text, (int)(system ? MessageType.System : MessageType.Text), m.UserId, m.Name,
                (int)(m.Sender switch { HistorySender.Assistant => SenderType.Ai, HistorySender.System => SenderType.System, _ => SenderType.User }),
                m.At, (int)(i <= lastAnswer ? MessageStatus.Read : MessageStatus.Sent), system ? $"system:history-{threadId}-{i}" : $"history-{threadId}-{i}",
                system, system ? RatedLine : _metadata(m)))!;
        }
        foreach (var (fact, index) in facts)
            await Run(_fact, ct, threadId, (int)fact.Kind, fact.At, fact.UserId, c.Channel.Id, c.Channel.TeamId, index is { } i ? ids[i] : null, fact.Value, fact.Detail);
        await Run(_sentiment, ct, threadId);

        var last = c.Messages.FindLastIndex(m => m.Sender != HistorySender.System);
        var visible = c.Messages[last];
        var preview = MessageProjection.Preview(new Message
        {
            Content = visible.Text, SenderType = visible.Sender == HistorySender.Assistant ? SenderType.Ai : SenderType.User,
        });
        await Run(_finish, ct, ids[last], preview, visible.Name, visible.At, threadId);
        // Posting moves the poster's cursor to their own message; a resolved conversation was read to the end.
        foreach (var userId in new[] { c.Customer.UserId, c.Assignee?.UserId }.OfType<string>())
        {
            var own = c.Status == ThreadStatus.Archived ? last : c.Messages.FindLastIndex(m => m.UserId == userId);
            if (own >= 0)
                await Run(_cursor, ct, threadId, userId, ids[own], c.Messages[own].At);
        }
        return threadId;
    }

    private static async Task<object?> Scalar(SqliteCommand command, CancellationToken ct, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task Run(SqliteCommand command, CancellationToken ct, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _thread, _finish, _participant, _message, _fact, _sentiment, _cursor })
            await command.DisposeAsync();
    }
}
