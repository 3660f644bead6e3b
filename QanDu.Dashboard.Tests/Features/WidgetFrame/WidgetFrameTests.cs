using System.Net;
using System.Text.RegularExpressions;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.WidgetFrame;

/// <summary>
/// What the browser is told about the widget's pages: the loader is JavaScript a site can cache; the frame may be framed
/// only by the channel's allowed origins and runs only the app's own script and style (nothing inline).
/// </summary>
public sealed partial class WidgetFrameTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Loader_Get_JavaScriptWithValidators()
    {
        var response = await factory.CreateClient().GetAsync("/widget.js");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        response.Headers.ETag.Should().NotBeNull("a website revalidates the loader instead of downloading it again");
        response.Headers.CacheControl!.NoCache.Should().BeTrue("a changed loader must reach sites at once (revalidated by its ETag)");
        response.Headers.ETag.Should().NotBeNull();
        (await response.Content.ReadAsStringAsync()).Should().Contain("data-website-token");
    }

    [Fact]
    public async Task Frame_KnownToken_FramableOnlyByTheChannelsOriginsAndNothingInline()
    {
        var channel = await TestChannels.CreateAsync(factory.Services, ["https://shop.example.com", "http://127.0.0.1:5555"]);

        var response = await factory.CreateClient().GetAsync($"/widget/frame?token={channel.WebsiteToken}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var policy = response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Subject;
        var directives = policy.Split(';', StringSplitOptions.TrimEntries);
        directives.Should().Contain("frame-ancestors https://shop.example.com http://127.0.0.1:5555")
            .And.Contain("script-src 'self'").And.Contain("style-src 'self'").And.Contain("connect-src 'self'")
            .And.Contain("object-src 'none'");
        policy.Should().NotContain("unsafe-inline").And.NotContain("unsafe-eval");
        response.Headers.Contains("X-Frame-Options").Should().BeFalse("it would forbid the framing the policy allows");
        var html = await response.Content.ReadAsStringAsync();
        ScriptTag().Matches(html).Should().HaveCount(2).And.OnlyContain(m => m.Value.Contains(" src=\"/widget/"));
        html.Should().NotContain("<style").And.NotContain(" style=");
        Regex.IsMatch(html, @"\son\w+=").Should().BeFalse("no inline event handlers");
        html.Should().Contain($"data-website-token=\"{channel.WebsiteToken}\"");
    }

    [Fact]
    public async Task Frame_OriginsAsAnAdminTypedThem_SpelledAsTheBrowserDoes()
    {
        var channel = await TestChannels.CreateAsync(factory.Services, ["https://Shop.Example.com:443", "https://a.example.com;script-src *"]);

        var response = await factory.CreateClient().GetAsync($"/widget/frame?token={channel.WebsiteToken}");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.Should().EndWith("frame-ancestors https://shop.example.com", "a malformed entry never adds a directive of its own");
        (await response.Content.ReadAsStringAsync()).Should().Contain("data-allowed-origins=\"[&quot;https://shop.example.com&quot;]\"");
    }

    [Fact]
    public async Task Frame_ChannelWithoutOrigins_FramableByNobody()
    {
        var channel = await TestChannels.CreateAsync(factory.Services, []);

        var response = await factory.CreateClient().GetAsync($"/widget/frame?token={channel.WebsiteToken}");

        response.Headers.GetValues("Content-Security-Policy").Single().Should().EndWith("frame-ancestors 'none'");
    }

    [Theory]
    [InlineData("/widget/frame?token=wt_nobody_has_this")]
    [InlineData("/widget/frame")]
    public async Task Frame_UnknownToken_NotFoundAndFramableByNobody(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors 'none'");
        (await response.Content.ReadAsStringAsync()).Should().Contain("unknown website token");
    }

    [Fact]
    public async Task Demo_OutsideDemoMode_NotFound()
    {
        // DashboardFactory runs with Demo:SeedOnEmptyDatabase=false, as a real install does.
        var response = await factory.CreateClient().GetAsync("/widget/demo");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
