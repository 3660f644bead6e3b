using Microsoft.Playwright;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// Times when a text shows in a page's open thread, on the page's own clock: a MutationObserver (not polling)
/// resolves with <c>Date.now()</c> as soon as one of the newest message bodies contains the text. Install it before
/// the text is posted; Chromium and this process read the same machine clock, so the page's time minus the time
/// taken just before posting is the end-to-end latency.
/// </summary>
internal sealed class RenderWatch
{
    // Only the newest few bodies are read on each mutation: a new message is appended at the end, and reading all
    // of them in 50 pages at once would add its own delay to what is measured.
    private const string Install =
        """
        text => {
            const newest = () => {
                const bodies = document.querySelectorAll('[data-testid=messages] [data-testid=message-content]');
                for (let i = bodies.length - 1; i >= Math.max(0, bodies.length - 5); i--)
                    if (bodies[i].textContent.includes(text)) return true;
                return false;
            };
            window.qdBench ??= [];
            window.qdBench.push(new Promise(resolve => {
                if (newest()) return resolve(Date.now());
                const observer = new MutationObserver(() => {
                    if (newest()) { observer.disconnect(); resolve(Date.now()); }
                });
                observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            }));
            return window.qdBench.length - 1;
        }
        """;

    private readonly IPage _page;
    private readonly int _id;

    private RenderWatch(IPage page, int id)
    {
        _page = page;
        _id = id;
    }

    public static async Task<RenderWatch> StartAsync(IPage page, string text) =>
        new(page, await page.EvaluateAsync<int>(Install, text));

    /// <summary>When the text showed, in milliseconds since the epoch on the page's clock; throws after <paramref name="timeout"/>.</summary>
    public async Task<long> SeenAtAsync(TimeSpan timeout) =>
        await _page.EvaluateAsync<long>("id => window.qdBench[id]", _id).WaitAsync(timeout);
}
