namespace QanDu.Dashboard.Features.Account;

/// <summary>Where a person goes after signing in: the page a link asked for when it is a page of this app, else the inbox.</summary>
public static class ReturnUrls
{
    /// <summary>
    /// <paramref name="returnUrl"/> as an escaped (ASCII) path of <paramref name="app"/>, or <c>/</c> for anything
    /// else: another site, <c>//host</c> or <c>/\host</c> (read as another host by browsers), control characters (which
    /// browsers drop, so <c>/&#9;/host</c> becomes <c>//host</c>), other schemes.
    /// </summary>
    public static string LocalOrInbox(string? returnUrl, Uri app)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.Length > 1 && returnUrl[1] is '/' or '\\'
            || returnUrl.Any(c => char.IsControl(c) || c == '\\'))
            return "/";
        if (!Uri.TryCreate(app, returnUrl, out var target) || !string.Equals(target.GetLeftPart(UriPartial.Authority),
                app.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            return "/";
        return target.PathAndQuery + target.Fragment;
    }
}
