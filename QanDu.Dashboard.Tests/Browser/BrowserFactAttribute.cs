namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// A test that drives the system Chromium. It skips, saying how to install Chromium, only when Chromium is
/// missing outside CI; with CI=true a missing Chromium fails the test instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.ShouldRun)
            Skip = Chromium.MissingMessage;
    }
}
