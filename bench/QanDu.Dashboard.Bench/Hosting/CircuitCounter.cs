using System.Diagnostics.Metrics;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// How many Blazor circuits the app holds, from ASP.NET Core's own circuit metrics (.NET 10):
/// <c>aspnetcore.components.circuit.active</c> (circuits in memory, connected or waiting for a reconnect) and
/// <c>aspnetcore.components.circuit.connected</c> (with their connection up). Both are up-down counters, so this
/// must start listening before the first circuit opens (before the browser signs in).
/// </summary>
internal sealed class CircuitCounter : IDisposable
{
    private const string MeterName = "Microsoft.AspNetCore.Components.Server.Circuits";
    private readonly MeterListener _listener = new();
    private long _active;
    private long _connected;

    public CircuitCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is "aspnetcore.components.circuit.active" or "aspnetcore.components.circuit.connected")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, delta, _, _) =>
        {
            if (instrument.Name == "aspnetcore.components.circuit.active")
                Interlocked.Add(ref _active, delta);
            else
                Interlocked.Add(ref _connected, delta);
        });
        _listener.Start();
    }

    /// <summary>Circuits in the server's memory (connected, or disconnected and kept for a reconnect).</summary>
    public long Active => Interlocked.Read(ref _active);

    /// <summary>
    /// Connections that came up minus those that went down. Compare it only while circuits open: the framework also
    /// subtracts one when it disposes a circuit whose connection had already dropped, so closing tabs overshoots.
    /// </summary>
    public long Connected => Interlocked.Read(ref _connected);

    /// <summary>Waits (bounded) until <paramref name="done"/> holds; false if it did not in time.</summary>
    public async Task<bool> WaitUntilAsync(Func<CircuitCounter, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (!done(this))
        {
            if (DateTime.UtcNow > until)
                return false;
            await Task.Delay(50, ct);
        }
        return true;
    }

    public override string ToString() => $"{Active} active, {Connected} connected";

    public void Dispose() => _listener.Dispose();
}
