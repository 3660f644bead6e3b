using QanDu.Dashboard.Features.Demo;

namespace QanDu.Dashboard.Tests.Features.Demo;

/// <summary>The demo's website channel allows the address the app is reached at, so its demo page works on the first run.</summary>
public sealed class DemoChannelTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", new[] { "http://127.0.0.1:5080", "http://localhost:5080" })]
    [InlineData("http://localhost:5000;https://localhost:5001", new[] { "http://localhost:5000", "http://127.0.0.1:5000", "https://localhost:5001", "https://127.0.0.1:5001" })]
    [InlineData("http://*:8080", new[] { "http://localhost:8080", "http://127.0.0.1:8080" })]
    [InlineData("http://0.0.0.0:80", new[] { "http://localhost", "http://127.0.0.1" })]
    [InlineData("https://chat.example.com:443", new[] { "https://chat.example.com" })]
    [InlineData(null, new[] { "http://localhost:5000", "http://127.0.0.1:5000" })]
    public void AppOrigins_ListeningUrls_TheOriginsABrowserUses(string? urls, string[] origins) =>
        DemoSeeder.AppOrigins(urls).Should().Equal(origins);
}
