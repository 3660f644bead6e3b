using Microsoft.Playwright;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Screenshots for the docs and the notes: into <c>QANDU_SCREENSHOTS</c> when set, else the temp folder.</summary>
public static class Screens
{
    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        var folder = Environment.GetEnvironmentVariable("QANDU_SCREENSHOTS") is { Length: > 0 } set ? set : Path.GetTempPath();
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage });
    }
}
