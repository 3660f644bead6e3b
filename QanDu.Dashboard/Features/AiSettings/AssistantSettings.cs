namespace QanDu.Dashboard.Features.AiSettings;

public enum AssistantTone { Friendly, Professional, Concise }

public enum LanguagePolicy
{
    /// <summary>Reply in the language the conversation is written in.</summary>
    MatchConversation,

    /// <summary>Always reply in <see cref="AssistantSettings.DefaultLanguage"/>.</summary>
    AlwaysDefault,
}

/// <summary>
/// How the assistant behaves, as an admin sets it on the AI settings page. Read through
/// <see cref="AssistantSettingsStore.Current"/> at the moment of use, so a change applies without a restart.
/// </summary>
public sealed record AssistantSettings
{
    public const int MaxInstructionsLength = 4_000;

    public string Name { get; init; } = "QanDu Assistant";

    public string Instructions { get; init; } =
        "You help a customer support team. Answer from the knowledge base and from how the team answered before; " +
        "say plainly when you do not know. Never promise refunds, credits or dates the team has not confirmed.";

    public AssistantTone Tone { get; init; } = AssistantTone.Friendly;
    public LanguagePolicy LanguagePolicy { get; init; } = LanguagePolicy.MatchConversation;

    /// <summary>ISO 639-1 code used when the conversation's language is unknown or the policy says always.</summary>
    public string DefaultLanguage { get; init; } = "en";

    public double Temperature { get; init; } = 0.3;

    /// <summary>The longest reply, in tokens.</summary>
    public int MaxOutputTokens { get; init; } = 800;

    public bool SuggestionsEnabled { get; init; } = true;
    public bool AutoReplyInAiThreads { get; init; } = true;
    public bool AnalysisEnabled { get; init; } = true;

    /// <summary>The remote provider's model or deployment to use instead of the configured one; empty keeps it.</summary>
    public string? Model { get; init; }

    /// <summary>Each problem keyed by the setting's name; empty when the settings are valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 80)
            errors[nameof(Name)] = ["The assistant's name is 1 to 80 characters."];
        // A client may send null for any of them (JSON null overrides the defaults).
        if (Instructions is null)
            errors[nameof(Instructions)] = ["Instructions are required; send an empty text for none."];
        else if (Instructions.Length > MaxInstructionsLength)
            errors[nameof(Instructions)] = [$"Instructions are at most {MaxInstructionsLength:N0} characters."];
        if ((Name?.Contains('\0') ?? false) || (Instructions?.Contains('\0') ?? false) || (Model?.Contains('\0') ?? false))
            errors["text"] = ["The settings contain a NUL character (U+0000), which is not allowed; remove it."];
        if (!Enum.IsDefined(Tone))
            errors[nameof(Tone)] = ["Tone is Friendly, Professional or Concise."];
        if (!Enum.IsDefined(LanguagePolicy))
            errors[nameof(LanguagePolicy)] = ["Language policy is MatchConversation or AlwaysDefault."];
        if (DefaultLanguage is not { Length: 2 } || !DefaultLanguage.All(char.IsAsciiLetterLower))
            errors[nameof(DefaultLanguage)] = ["The default language is a two-letter code such as en or de."];
        if (double.IsNaN(Temperature) || Temperature is < 0 or > 2)
            errors[nameof(Temperature)] = ["Temperature is between 0 and 2."];
        if (MaxOutputTokens is < 16 or > 16_000)
            errors[nameof(MaxOutputTokens)] = ["The longest reply is between 16 and 16,000 tokens."];
        if (Model is { Length: > 200 })
            errors[nameof(Model)] = ["A model name is at most 200 characters."];
        return errors;
    }
}
