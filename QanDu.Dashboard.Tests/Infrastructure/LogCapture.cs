using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// The app's log lines as a person reading the log would see them (category, level, formatted message, whether a stack
/// trace follows), at the levels the app's configuration lets through (Warning and up under <see cref="DashboardFactory"/>).
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<Line> _lines = new();

    public sealed record Line(string Category, LogLevel Level, string Message, bool HasException);

    public IReadOnlyList<Line> Lines => [.. _lines];

    /// <summary>The lines of one category (a logger's type name, e.g. "QanDu.Dashboard.Features.Messages.MessageWriter").</summary>
    public IReadOnlyList<Line> From(string category) => [.. _lines.Where(l => l.Category == category)];

    /// <summary>Adds the capture to the app's logging (for <see cref="DashboardFactory.TestServices"/>).</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._lines.Enqueue(new Line(category, logLevel, formatter(state, exception), exception is not null));
    }
}
