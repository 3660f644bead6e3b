using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.CannedResponses;

namespace QanDu.Dashboard.Features.Demo;

internal sealed partial class DemoSeeder
{
    /// <summary>The team's first saved replies, written by the supervisor: type <c>/</c> in the composer to use them.</summary>
    private static readonly CannedResponseRequest[] DemoCannedResponses =
    [
        new("hello", "Greeting", "Hi {{contact.name}}, thanks for reaching out! I'm {{agent.name}} and I'll help you with this.", Shared: true),
        new("refund-policy", "Refund policy",
            "Hi {{contact.name}}, you can get a full refund within **30 days** of purchase. I've noted this in conversation #{{conversation.id}}; " +
            "you'll get the confirmation at {{contact.email}}.", Shared: true),
        new("closing", "Closing", "Is there anything else I can help you with, {{contact.name}}? Have a great day!\n\n— {{agent.name}}", Shared: true),
    ];

    private async Task SeedCannedResponsesAsync(Dictionary<string, ChatCaller> people, CancellationToken ct)
    {
        foreach (var response in DemoCannedResponses)
            await cannedResponses.CreateAsync(people["priya"], response, ct);
    }
}
