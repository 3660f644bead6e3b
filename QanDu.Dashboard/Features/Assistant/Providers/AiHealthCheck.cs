using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace QanDu.Dashboard.Features.Assistant.Providers;

/// <summary>
/// Probes a remote provider cheaply (its model list, no tokens spent), at most every 30 s. A provider that is down
/// reports Degraded, never Unhealthy: the dashboard works without AI. Local is always Healthy.
/// </summary>
internal sealed class AiHealthCheck(IOptions<AiOptions> options, TimeProvider time) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private const string AzureApiVersion = "2024-10-21";

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var ai = options.Value;
        if (ai.Provider == AiProviderKind.Local)
            return HealthCheckResult.Healthy("The built-in offline assistant is always available.");

        await _gate.WaitAsync(ct);
        try
        {
            if (_last is { } cached && time.GetUtcNow() - cached.At < CacheFor)
                return cached.Result;
            var result = await ProbeAsync(ai, ct);
            _last = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(AiOptions ai, CancellationToken ct)
    {
        var errors = AiErrors.For(ai);
        var info = ai.Describe();
        using var request = new HttpRequestMessage(HttpMethod.Get, ProbeUri(ai));
        if (ai.Provider == AiProviderKind.AzureOpenAI)
            request.Headers.Add("api-key", ai.AzureOpenAI.ApiKey);
        else if (!string.IsNullOrWhiteSpace(ai.OpenAI.ApiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ai.OpenAI.ApiKey);

        using var timeout = new CancellationTokenSource(ProbeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var data = new Dictionary<string, object> { ["provider"] = info.Name, ["model"] = info.Model ?? "", ["endpoint"] = errors.Endpoint };
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.IsSuccessStatusCode)
                return HealthCheckResult.Healthy($"The AI provider at {errors.Endpoint} answers ({info.Name}, {info.Model}).", data);
            var detail = await ErrorMessageAsync(response, linked.Token);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return HealthCheckResult.Degraded(errors.FromStatus((int)response.StatusCode, detail, retryAfter).Message, data: data);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var failure = timeout.IsCancellationRequested
                ? errors.Timeout(ProbeTimeout, ex, setting: null)
                : errors.Translate(ex, tokensReceived: false);
            return HealthCheckResult.Degraded(failure.Message, data: data);
        }
    }

    private static Uri ProbeUri(AiOptions ai) => ai.Provider == AiProviderKind.AzureOpenAI
        ? new Uri($"{ai.AzureOpenAI.Endpoint!.TrimEnd('/')}/openai/models?api-version={AzureApiVersion}")
        : new Uri($"{ai.OpenAI.Endpoint!.TrimEnd('/')}/models");

    private static async Task<string?> ErrorMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                   && error.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // not OpenAI's error shape: the status says enough
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }
}
