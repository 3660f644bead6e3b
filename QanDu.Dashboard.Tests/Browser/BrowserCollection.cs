namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// Browser test classes run one after another (each with its own app, in one shared Chromium: <see cref="SharedChromium"/>):
/// two Chromiums and two apps competing for the CPU would make the latency measurements say more about the machine than
/// the app.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<SharedChromium>
{
    public const string Name = "Browser";
}
