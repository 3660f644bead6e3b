using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>Reads and writes the API's JSON the way its clients do: camelCase, enums as camelCase strings.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var value = await response.Content.ReadFromJsonAsync<T>(Options);
        return value ?? throw new InvalidOperationException($"The response to {response.RequestMessage?.RequestUri} had no body.");
    }

    /// <summary>The RFC 7807 body of an error response; fails when the response is not problem+json.</summary>
    public static async Task<Problem> ReadProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json",
            "an error from {0} {1} answers with problem details", response.RequestMessage?.Method, response.RequestMessage?.RequestUri);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var errors = root.TryGetProperty("errors", out var e)
            ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray())
            : [];
        return new Problem(
            root.TryGetProperty("status", out var s) ? (HttpStatusCode)s.GetInt32() : 0,
            root.TryGetProperty("title", out var t) ? t.GetString() : null,
            root.TryGetProperty("detail", out var d) ? d.GetString() : null,
            errors);
    }
}

public sealed record Problem(HttpStatusCode Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors);
