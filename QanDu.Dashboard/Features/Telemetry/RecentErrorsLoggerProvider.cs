using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Telemetry;

/// <summary>
/// Feeds <see cref="RecentErrors"/> from the log: every entry at Error or above that carries an exception. That is how
/// Blazor reports a circuit's unhandled exception (category <c>…Components.Server.Circuits.CircuitHost</c>), how the
/// host reports a background service that died, and how our background loops report what they caught. The trace id is
/// the current activity's, when there is one. An exception already recorded (the API's exception handler records its
/// own) is not counted twice.
/// </summary>
internal sealed class RecentErrorsLoggerProvider(RecentErrors errors) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(errors, Where(categoryName));

    public void Dispose()
    {
    }

    /// <summary>Where the error happened, in a word: the circuit, or the class that logged it.</summary>
    private static string Where(string category) =>
        category.StartsWith("Microsoft.AspNetCore.Components.Server.Circuits", StringComparison.Ordinal)
            ? "Blazor circuit"
            : category[(category.LastIndexOf('.') + 1)..];

    private sealed class Logger(RecentErrors errors, string where) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || !IsEnabled(logLevel))
                return;
            errors.Record(exception, System.Diagnostics.Activity.Current?.TraceId.ToString(), $"{where}: {Clip(formatter(state, exception))}");
        }

        private static string Clip(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 199), "…");
    }
}
