using QanDu.Dashboard.Features.Assistant.Customers;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>When a customer's words ask for a person, or repeat a question, in the languages the widget meets most.</summary>
public sealed class HandOffRulesTests
{
    [Theory]
    [InlineData("Can I talk to a human please?")]
    [InlineData("I want to speak to a real person")]
    [InlineData("connect me to an agent")]
    [InlineData("Ich möchte mit einem Menschen sprechen")]
    [InlineData("Kann ich bitte einen Mitarbeiter haben?")]
    [InlineData("Quiero hablar con una persona")]
    [InlineData("Je voudrais parler à quelqu'un")]
    [InlineData("Posso parlare con una persona?")]
    [InlineData("Quero falar com um atendente")]
    [InlineData("Kan ik met iemand spreken?")]
    public void AsksForPerson_RequestForAPerson_True(string text) => HandOffRules.AsksForPerson(text).Should().BeTrue();

    [Theory]
    [InlineData("How do I export my invoices?")]
    [InlineData("Is my personal data stored in the EU?")]
    [InlineData("Wie ändere ich meine Lieferadresse?")]
    [InlineData("The agent field in the CSV export is empty")]
    public void AsksForPerson_OrdinaryQuestion_False(string text) => HandOffRules.AsksForPerson(text).Should().BeFalse();

    [Fact]
    public void SameQuestion_RewordedSlightly_True_DifferentTopic_False()
    {
        HandOffRules.SameQuestion("how can i cancel my order??", "How can I cancel my order?").Should().BeTrue();
        HandOffRules.SameQuestion("How do I cancel my orders", "How can I cancel my order?").Should().BeTrue();
        HandOffRules.SameQuestion("How do I change my delivery address?", "How can I cancel my order?").Should().BeFalse();
    }

    [Fact]
    public void Message_CustomersLanguage_ElseEnglish()
    {
        HandOffRules.Message("de").Should().Contain("Person aus dem Team");
        HandOffRules.Message("es").Should().Contain("persona del equipo");
        HandOffRules.Message("xx").Should().Be("I'm passing you to a person from the team; they will reply here.");
    }
}
