using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>/api/admin/webhooks: create, read, change, delete, the delivery log, test and redeliver; bad input named by field.</summary>
public sealed class WebhookApiTests(WebhookOutboxFixture fixture) : IClassFixture<WebhookOutboxFixture>
{
    private WebhookTestApp App => fixture.App;

    private async Task<HttpClient> AdminClientAsync() => await App.Factory.CreateClientForAsync(await App.AdminAsync());

    [Theory]
    [InlineData(null, "url", "Enter the URL")]
    [InlineData("/hooks/relative", "url", "not an absolute http or https URL")]
    [InlineData("ftp://files.example.com/hook", "url", "not an absolute http or https URL")]
    [InlineData("https://user:password@example.com/hook", "url", "user name or password")]
    public async Task Create_BadUrl_ProblemNamesTheUrl(string? url, string field, string message)
    {
        var client = await AdminClientAsync();

        var response = await client.PostAsJsonAsync("/api/admin/webhooks", new { url, events = new[] { "message.created" } });

        await ExpectProblemAsync(response, field, message);
    }

    [Fact]
    public async Task Create_NoOrUnknownEventsOrShortSecret_ProblemsNameTheField()
    {
        var client = await AdminClientAsync();

        await ExpectProblemAsync(await client.PostAsJsonAsync("/api/admin/webhooks", new { url = "https://example.com/h", events = Array.Empty<string>() }),
            "events", "at least one event");
        await ExpectProblemAsync(await client.PostAsJsonAsync("/api/admin/webhooks", new { url = "https://example.com/h", events = new[] { "message.sent" } }),
            "events", "Unknown event(s): message.sent");
        await ExpectProblemAsync(await client.PostAsJsonAsync("/api/admin/webhooks",
            new { url = "https://example.com/h", events = new[] { "ping" } }), "events", "Unknown event(s): ping");
        await ExpectProblemAsync(await client.PostAsJsonAsync("/api/admin/webhooks",
            new { url = "https://example.com/h", events = new[] { "contact.created" }, secret = "short" }), "secret", "at least 16 characters");
        (await client.GetFromJsonAsync<JsonArray>("/api/admin/webhooks"))!.Select(w => w!["url"]!.GetValue<string>())
            .Should().NotContain("https://example.com/h", "nothing bad was stored");
    }

    [Fact]
    public async Task Lifecycle_SecretShownOnCreateAndOnItsOwn_NotInTheList()
    {
        var client = await AdminClientAsync();

        var created = await client.PostAsJsonAsync("/api/admin/webhooks", new { url = "https://crm.example.com/qandu", events = new[] { "contact.updated", "contact.created" } });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
        var id = body["id"]!.GetValue<long>();
        var secret = body["secret"]!.GetValue<string>();
        secret.Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "32 random bytes, base64url");
        body["events"]!.AsArray().Select(e => e!.GetValue<string>()).Should().Equal("contact.created", "contact.updated");
        body["state"]!.GetValue<string>().Should().Be("active");
        created.Headers.Location!.ToString().Should().Be($"/api/admin/webhooks/{id}");

        var list = (await client.GetFromJsonAsync<JsonArray>("/api/admin/webhooks"))!;
        list.Single(w => w!["id"]!.GetValue<long>() == id)!["secret"].Should().BeNull("lists never carry secrets");
        (await client.GetFromJsonAsync<JsonNode>($"/api/admin/webhooks/{id}"))!["secret"]!.GetValue<string>().Should().Be(secret);

        var updated = await client.PutAsJsonAsync($"/api/admin/webhooks/{id}",
            new { url = "https://crm.example.com/v2", events = new[] { "csat.submitted" }, secret = "a-secret-of-our-own-choosing" });
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var changed = (await client.GetFromJsonAsync<JsonNode>($"/api/admin/webhooks/{id}"))!;
        changed["url"]!.GetValue<string>().Should().Be("https://crm.example.com/v2");
        changed["secret"]!.GetValue<string>().Should().Be("a-secret-of-our-own-choosing");

        (await client.DeleteAsync($"/api/admin/webhooks/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var gone = await client.GetAsync($"/api/admin/webhooks/{id}");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        gone.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task TestEvent_LoggedAndDelivered_RedeliverKeepsItsId()
    {
        var client = await AdminClientAsync();
        var id = (await (await client.PostAsJsonAsync("/api/admin/webhooks", new { url = "https://ops.example.com/h", events = new[] { "csat.submitted" } }))
            .Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<long>();

        var test = await client.PostAsync($"/api/admin/webhooks/{id}/test", null);
        test.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var deliveryId = (await test.Content.ReadFromJsonAsync<JsonNode>())!["deliveryId"]!.GetValue<Guid>();
        var page = await App.EventuallyAsync(() => client.GetFromJsonAsync<JsonNode>($"/api/admin/webhooks/{id}/deliveries")!,
            p => p!["items"]![0]!["status"]!.GetValue<string>() == "delivered", "the test event was delivered");
        page!["items"]!.AsArray().Should().ContainSingle();
        page["items"]![0]!["deliveryId"]!.GetValue<Guid>().Should().Be(deliveryId);
        page["items"]![0]!["lastStatusCode"]!.GetValue<int>().Should().Be(200);
        page["items"]![0]!["payload"].Should().BeNull("the log lists; the body is read on demand");
        var one = (await client.GetFromJsonAsync<JsonNode>($"/api/admin/webhooks/{id}/deliveries/{deliveryId}"))!;
        JsonNode.Parse(one["payload"]!.GetValue<string>())!["event"]!.GetValue<string>().Should().Be("ping");

        var redeliver = await client.PostAsync($"/api/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver", null);
        redeliver.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await redeliver.Content.ReadFromJsonAsync<JsonNode>())!["deliveryId"]!.GetValue<Guid>().Should().Be(deliveryId);

        (await client.GetAsync($"/api/admin/webhooks/{id}/deliveries?page=0")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await client.GetAsync($"/api/admin/webhooks/{id}/deliveries/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task ExpectProblemAsync(HttpResponseMessage response, string field, string message)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        problem["errors"]![field]![0]!.GetValue<string>().Should().Contain(message);
    }
}
