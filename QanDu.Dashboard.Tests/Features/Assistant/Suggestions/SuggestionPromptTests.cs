using Microsoft.Extensions.AI;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>The prompt for remote suggestions, and how Local addresses and de-duplicates earlier answers.</summary>
public sealed class SuggestionPromptTests
{
    private static readonly ChatCaller Maya = new("maya", "Maya Chen", SeesAllThreads: false);

    [Fact]
    public void Build_ConversationInGerman_AsksForGermanWithSettingsAndVariant_OthersAsUserOwnAsAssistant()
    {
        var settings = new AssistantSettings { Name = "Helper", Tone = AssistantTone.Concise, Instructions = "Be kind." };
        IReadOnlyList<MessageView> history =
        [
            Message(1, "ana", "Ana Souza", "Meine Rechnung ist falsch.", "de"),
            Message(2, "maya", "Maya Chen", "Welche Rechnung?", null),
            Message(3, "ana", "Ana Souza", "Die vom März.", null),
        ];

        var prompt = SuggestionPrompt.Build(settings, Maya, history, SuggestionPrompt.Variants[2]);

        prompt[0].Role.Should().Be(ChatRole.System);
        prompt[0].Text.Should().Contain("You are Helper. Be kind.").And.Contain("Tone: Concise").And.Contain("'de'")
            .And.Contain("clarifying question").And.Contain("Maya Chen");
        prompt.Skip(1).Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.User, "Ana Souza: Meine Rechnung ist falsch."), (ChatRole.Assistant, "Welche Rechnung?"), (ChatRole.User, "Ana Souza: Die vom März."));
    }

    [Fact]
    public void Build_AlwaysDefaultPolicy_UsesTheDefaultLanguage()
    {
        var settings = new AssistantSettings { LanguagePolicy = LanguagePolicy.AlwaysDefault, DefaultLanguage = "fr" };

        var prompt = SuggestionPrompt.Build(settings, Maya, [Message(1, "ana", "Ana Souza", "Hallo", "de")], SuggestionPrompt.Variants[0]);

        prompt[0].Text.Should().Contain("'fr'").And.NotContain("'de'");
    }

    [Theory]
    [InlineData("Hello Sam, the hold disappears in 3 days.", "Ana Souza", "Hi Ana! The hold disappears in 3 days.")]
    [InlineData("Sorry about that! I've refunded it.", "Jordan Blake", "Hi Jordan! Sorry about that! I've refunded it.")]
    [InlineData("Hi Lee!", "Ana Souza", "Hi Ana! Hi Lee!")]
    public void Greet_EarlierAnswer_AddressesThePersonAsking(string answer, string name, string expected) =>
        SuggestionPrompt.Greet(answer, name).Should().Be(expected);

    [Fact]
    public void AlmostSame_SameWordsDifferentGreetingOrCase_CountAsOne()
    {
        SuggestionPrompt.AlmostSame("Hi Sam! Go to Settings, then Export.", "Hello Lee, go to settings then export").Should().BeTrue();
        SuggestionPrompt.AlmostSame("Go to Settings, then Export.", "The refund takes 5-10 business days.").Should().BeFalse();
    }

    private static MessageView Message(long id, string senderId, string name, string content, string? language) =>
        new(id, 1, content, MessageType.Text, senderId, name, SenderType.User, DateTime.UtcNow, MessageStatus.Sent, null, null, null, false,
            null, language is null ? null : new MessageMetadataView(null, null, new AnalysisMetadata(null, null, language)), []);
}
