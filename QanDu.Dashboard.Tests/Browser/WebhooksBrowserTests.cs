using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Features.Webhooks;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>The app with a recording webhook sender (the HTTP sender is its own part and tested on its own).</summary>
public sealed class WebhooksBrowserFixture : BrowserAppFixture
{
    public RecordingWebhookSender Sender { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<IWebhookSender>(Sender);
    }
}

/// <summary>An admin adds a webhook on /admin/webhooks, sees its secret once, sends a test event and reads it in the log.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebhooksBrowserTests(WebhooksBrowserFixture app) : IClassFixture<WebhooksBrowserFixture>
{
    [BrowserFact]
    public async Task WebhooksPage_AddSeeSecretOnceSendTest_DeliveredRowInTheLog()
    {
        var url = $"https://crm.example.com/hooks/{Guid.NewGuid():N}"[..40];
        await using var alex = await app.SignInAsync(DemoUsers.Admin, "/admin/webhooks");
        await Expect(alex.Page.Locator("[data-testid=webhooks-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await alex.Page.Locator("input[data-testid=webhook-url], [data-testid=webhook-url] input").FillAsync(url);
        await alex.Page.GetByTestId("save-webhook").ClickAsync();
        await Expect(alex.Page.GetByTestId("webhook-events-error")).ToContainTextAsync("Choose at least one event");

        await alex.Page.Locator("input[data-testid='event-message.created'], [data-testid='event-message.created'] input[type=checkbox]").First.CheckAsync();
        await alex.Page.Locator("input[data-testid='event-conversation.created'], [data-testid='event-conversation.created'] input[type=checkbox]").First.CheckAsync();
        await alex.Page.GetByTestId("save-webhook").ClickAsync();
        var secret = alex.Page.GetByTestId("webhook-secret-value");
        await Expect(secret).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9_-]{43}$"), new() { Timeout = 15_000 });
        var row = alex.Page.GetByTestId("webhook-row").Filter(new() { HasText = url });
        await Expect(row.GetByTestId("webhook-state")).ToHaveTextAsync("Active");
        await Screens.SaveAsync(alex.Page, "17-webhooks-added", fullPage: true);

        await row.GetByTestId("send-test").ClickAsync();
        var delivery = row.GetByTestId("delivery-row");
        await Expect(delivery).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(delivery.GetByTestId("delivery-status")).ToHaveTextAsync("delivered", new() { Timeout = 15_000 });
        await Expect(delivery.GetByTestId("delivery-code")).ToHaveTextAsync("200");
        await delivery.GetByTestId("show-body").ClickAsync();
        await Expect(row.GetByTestId("delivery-body")).ToContainTextAsync("\"event\":\"ping\"");
        app.Sender.Requests.Should().Contain(r => r.Url.ToString() == url && r.Event == "ping");
        await Screens.SaveAsync(alex.Page, "17-webhooks-delivery-log", fullPage: true);

        await alex.GotoAsync("/admin/webhooks");
        await Expect(alex.Page.GetByTestId("webhook-row").Filter(new() { HasText = url })).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(alex.Page.GetByTestId("webhook-secret-shown")).ToHaveCountAsync(0); // shown once
        alex.ShouldHaveLoadedCleanly();
    }
}
