using System.Net.Http.Json;
using System.Text.Json;
using QanDu.Dashboard.Bench.Hosting;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>
/// Deliveries survive a crash: the app in its own process sends to a receiver on loopback that stalls on the first
/// delivery; the app is killed with SIGKILL mid-delivery and started again, and every delivery that was pending arrives,
/// each with its delivery id (the one in flight arrives twice, with the same id, so the receiver can drop the duplicate).
/// </summary>
public sealed class WebhookKillTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Settings = new() { ["Webhooks__PollSeconds"] = "1", ["Webhooks__TimeoutSeconds"] = "60" };

    [Fact]
    public async Task KilledMidDelivery_Restarted_EveryPendingDeliveryArrives_SameIds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var receiver = await WebhookReceiver.StartAsync("a kill-test secret of enough length");
        var stalled = new TaskCompletionSource();
        var stall = true;
        receiver.Respond = async context =>
        {
            if (!Volatile.Read(ref stall))
                return false;
            stalled.TrySetResult();
            await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted).ContinueWith(_ => { }, CancellationToken.None);
            return true;
        };
        using var app = await KilledApp.CreateAsync(ct);
        try
        {
            await app.StartAsync(ct, Settings);
            (await app.Client.PostAsJsonAsync("/api/admin/webhooks/allowed-hosts", new { host = "127.0.0.1" }, ct)).EnsureSuccessStatusCode();
            (await app.Client.PostAsJsonAsync("/api/admin/webhooks", new
            {
                url = new Uri(receiver.Root, "/hooks").ToString(), events = new[] { "contact.created", "contact.updated", "conversation.created", "message.created" }, secret = receiver.Secret,
            }, ct)).EnsureSuccessStatusCode();
            using var channel = await app.Client.PostAsJsonAsync("/api/admin/channels", new { name = "Kill shop", allowedOrigins = new[] { "https://shop.example.com" } }, ct);
            channel.EnsureSuccessStatusCode();
            var token = (await channel.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("channel").GetProperty("websiteToken").GetString();
            using var session = new HttpRequestMessage(HttpMethod.Post, "/api/widget/v1/session") { Content = JsonContent.Create(new { websiteToken = token, name = "Kim Crash" }) };
            session.Headers.Add("Origin", "https://shop.example.com");
            using var started = await app.Client.SendAsync(session, ct);
            started.EnsureSuccessStatusCode();
            var contactId = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("contactId").GetInt64();
            (await app.Client.PutAsJsonAsync($"/api/contacts/{contactId}", new { name = "Kim Crash", email = "kim@example.com" }, ct)).EnsureSuccessStatusCode();

            await stalled.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            var inFlight = receiver.Received.Single().Headers["X-QanDu-Delivery"];
            app.Kill();
            var pending = PendingIdsInFile(app); // what the database holds as pending while the app is down
            Volatile.Write(ref stall, false);
            await app.StartAsync(ct, Settings);

            while (!ct.IsCancellationRequested && (await DeliveriesAsync(app)).Any(d => d.GetProperty("status").GetString() != "delivered"))
                await Task.Delay(200, ct);
            await Task.Delay(1500, ct); // a delivery sent twice under a new id would arrive meanwhile
            app.Kill();

            var received = receiver.Received.ToList();
            foreach (var r in received)
                output.WriteLine($"{r.Headers["X-QanDu-Event"],-16} {r.Headers["X-QanDu-Delivery"]} signature valid: {r.SignatureValid}");
            received.Should().OnlyContain(r => r.SignatureValid);
            received.Select(r => r.Headers["X-QanDu-Event"]).Distinct().Should().BeEquivalentTo(["contact.created", "contact.updated"]);
            using var db = app.OpenDatabase();
            using var read = db.CreateCommand();
            read.CommandText = "SELECT DeliveryId, Status FROM WebhookDeliveries";
            var stored = new List<(string Id, long Status)>();
            using (var rows = read.ExecuteReader())
                while (rows.Read())
                    stored.Add((rows.GetGuid(0).ToString(), rows.GetInt64(1)));
            stored.Should().OnlyContain(d => d.Status == 1, "every delivery is marked delivered");
            received.Select(r => r.Headers["X-QanDu-Delivery"]).Distinct().Should().BeEquivalentTo(stored.Select(d => d.Id),
                "every delivery that was pending at the kill arrived, and nothing under a new id");
            pending.Should().Contain(inFlight, "it was still pending in the database after the kill");
            pending.Should().HaveCount(stored.Count, "nothing had been marked delivered before the kill (the first delivery stalled)");
            received.Count(r => r.Headers["X-QanDu-Delivery"] == inFlight).Should().Be(2, "the delivery in flight at the kill was sent again once, with the same id");
            received.Where(r => r.Headers["X-QanDu-Delivery"] != inFlight).GroupBy(r => r.Headers["X-QanDu-Delivery"]).Should().OnlyContain(g => g.Count() == 1,
                "the others were sent once");
        }
        finally
        {
            app.Kill();
            output.WriteLine(app.Tail(10));
        }
    }

    private static List<string> PendingIdsInFile(KilledApp app)
    {
        using var db = app.OpenDatabase();
        using var read = db.CreateCommand();
        read.CommandText = "SELECT DeliveryId FROM WebhookDeliveries WHERE Status = 0";
        using var rows = read.ExecuteReader();
        var ids = new List<string>();
        while (rows.Read())
            ids.Add(rows.GetGuid(0).ToString());
        return ids;
    }

    /// <summary>The subscription's delivery log, through the admin API.</summary>
    private static async Task<List<JsonElement>> DeliveriesAsync(KilledApp app)
    {
        var hooks = await app.Client.GetFromJsonAsync<JsonElement>("/api/admin/webhooks");
        var id = hooks.EnumerateArray().Single().GetProperty("id").GetInt64();
        var page = await app.Client.GetFromJsonAsync<JsonElement>($"/api/admin/webhooks/{id}/deliveries");
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
