namespace QanDu.Dashboard.Features.Widget;

/// <summary>Browser and operating system from a User-Agent, roughly: enough for an agent to know what the customer uses.</summary>
public static class UserAgents
{
    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    private static readonly (string Token, string Name)[] Browsers =
        [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("SamsungBrowser/", "Samsung Internet"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari")];

    private static readonly (string Token, string Name)[] Systems =
        [("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")];

    public static (string? Browser, string? Os) Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
            return (null, null);
        return (Browser(userAgent), Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name);
    }

    private static string? Browser(string userAgent)
    {
        foreach (var (token, name) in Browsers)
        {
            var at = userAgent.IndexOf(token, StringComparison.Ordinal);
            if (at < 0)
                continue;
            // Safari's own version is in "Version/x"; the others carry it after their token.
            var versionAt = name == "Safari" && userAgent.IndexOf("Version/", StringComparison.Ordinal) is >= 0 and var v ? v + "Version/".Length : at + token.Length;
            var major = new string(userAgent[versionAt..].TakeWhile(char.IsDigit).ToArray());
            return major.Length > 0 ? $"{name} {major}" : name;
        }
        return null;
    }
}
