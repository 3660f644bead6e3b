using Microsoft.AspNetCore.Identity;

namespace QanDu.Dashboard.Features.Profile;

/// <summary>Identity's password rules as a person reads them, each with whether a password meets it (shown as they type).</summary>
public static class PasswordRules
{
    public sealed record Rule(string Text, bool Met);

    public static IReadOnlyList<Rule> Of(PasswordOptions options, string? password)
    {
        password ??= "";
        var rules = new List<Rule> { new($"At least {options.RequiredLength} characters", password.Length >= options.RequiredLength) };
        if (options.RequireLowercase)
            rules.Add(new("A lowercase letter (a–z)", password.Any(char.IsAsciiLetterLower)));
        if (options.RequireUppercase)
            rules.Add(new("An uppercase letter (A–Z)", password.Any(char.IsAsciiLetterUpper)));
        if (options.RequireDigit)
            rules.Add(new("A digit (0–9)", password.Any(char.IsAsciiDigit)));
        if (options.RequireNonAlphanumeric)
            rules.Add(new("A symbol, such as ! or #", password.Any(c => !char.IsLetterOrDigit(c))));
        if (options.RequiredUniqueChars > 1)
            rules.Add(new($"At least {options.RequiredUniqueChars} different characters", password.Distinct().Count() >= options.RequiredUniqueChars));
        return rules;
    }

    public static bool AllMet(PasswordOptions options, string? password) => Of(options, password).All(r => r.Met);
}
