using Microsoft.ML.Tokenizers;

namespace QanDu.Dashboard.Features.Assistant.Context;

/// <summary>
/// Counts tokens as OpenAI's current models do (o200k_base, the encoding of GPT-4o and later). Other providers'
/// tokenizers differ a little; the budget leaves room for that.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>What each chat message costs beyond its text (role and separators in the chat format).</summary>
    public const int PerMessage = 4;

    // Loaded on first use, not at start-up: the vocabulary costs tens of MB and a noticeable part of a second,
    // and only AI replies need it (the assistant service that holds this counter is created when the app starts).
    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public int Count(string text) => text.Length == 0 ? 0 : _tokenizer.Value.CountTokens(text);

    /// <summary>The longest start of <paramref name="text"/> that fits in <paramref name="maxTokens"/>, with "…" when cut.</summary>
    public string Clip(string text, int maxTokens)
    {
        if (maxTokens <= 0)
            return "";
        if (Count(text) <= maxTokens)
            return text;
        var index = _tokenizer.Value.GetIndexByTokenCount(text, Math.Max(0, maxTokens - 1), out _, out _);
        return text[..index].TrimEnd() + "…";
    }
}
