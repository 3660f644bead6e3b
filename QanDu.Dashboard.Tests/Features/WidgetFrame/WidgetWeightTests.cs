using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.WidgetFrame;

/// <summary>
/// The widget's weight on a customer's website, measured over HTTP as a browser downloads it, gzipped: the loader every
/// page loads, and everything the frame loads before the first message can be typed (its HTML, script, style and the
/// SignalR client). The vendored SignalR client is the official one, byte for byte.
/// </summary>
public sealed partial class WidgetWeightTests(DashboardFactory factory, ITestOutputHelper output) : IClassFixture<DashboardFactory>
{
    private const int LoaderBudget = 5 * 1024;
    private const int FirstMessageBudget = 50 * 1024;

    /// <summary>SHA-256 of @microsoft/signalr 10.0.11 dist/browser/signalr.min.js, as recorded in wwwroot/widget/signalr.version.txt.</summary>
    private const string SignalRSha256 = "97e9b97e642a72e5a470917147a2bf79f86cad829a5c6786adb10614d248bb95";

    [Fact]
    public async Task Weight_LoaderAndFirstMessageBundle_Gzipped_WithinBudgets()
    {
        var channel = await TestChannels.CreateAsync(factory.Services, ["https://shop.example.com"]);
        var client = factory.CreateClient();

        var loader = Gzipped(await client.GetByteArrayAsync("/widget.js"));
        var frameHtml = await client.GetStringAsync($"/widget/frame?token={channel.WebsiteToken}");
        var assets = Asset().Matches(frameHtml).Select(m => m.Groups["url"].Value).ToList();
        assets.Should().Contain(["/widget/frame.js", "/widget/frame.css", "/widget/signalr.min.js"]);
        var sizes = new List<(string Name, int Bytes)> { ("frame HTML", Gzipped(System.Text.Encoding.UTF8.GetBytes(frameHtml))) };
        foreach (var url in assets)
            sizes.Add((url, Gzipped(await client.GetByteArrayAsync(url))));
        var firstMessage = sizes.Sum(s => s.Bytes);

        output.WriteLine($"Loader /widget.js: {loader:N0} bytes gzipped (budget {LoaderBudget:N0})");
        foreach (var (name, bytes) in sizes)
            output.WriteLine($"  {name}: {bytes:N0} bytes gzipped");
        output.WriteLine($"Frame before the first message: {firstMessage:N0} bytes gzipped (budget {FirstMessageBudget:N0})");
        loader.Should().BeLessThanOrEqualTo(LoaderBudget);
        firstMessage.Should().BeLessThanOrEqualTo(FirstMessageBudget);
    }

    [Fact]
    public async Task SignalRClient_Served_IsTheRecordedOfficialBundle()
    {
        var client = factory.CreateClient();

        var bundle = await client.GetByteArrayAsync("/widget/signalr.min.js");
        var record = await client.GetStringAsync("/widget/signalr.version.txt");

        Convert.ToHexStringLower(SHA256.HashData(bundle)).Should().Be(SignalRSha256, "the vendored client is the official file, unmodified");
        record.Should().Contain("@microsoft/signalr 10.0.11").And.Contain(SignalRSha256);
    }

    private static int Gzipped(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(content);
        return (int)buffer.Length;
    }

    [GeneratedRegex("<(?:script|link)[^>]*(?:src|href)=\"(?<url>/[^\"]+)\"")]
    private static partial Regex Asset();
}
