using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Widget;

/// <summary>A website channel and its visitors, as the widget sees them: sessions and calls over the visitor API.</summary>
internal static class WidgetKit
{
    public const string ShopOrigin = "https://shop.example.com";

    public static async Task<WebsiteChannel> CreateChannelAsync(DashboardFactory factory, Action<WebsiteChannel>? configure = null)
    {
        var channel = await factory.QueryAsync(async db =>
        {
            var suffix = Guid.NewGuid().ToString("N");
            var c = new WebsiteChannel
            {
                Name = "Shop " + suffix[..8],
                WebsiteToken = "wt_" + suffix[..24],
                AllowedOrigins = [ShopOrigin],
                IdentitySecret = "secret-" + suffix,
                Verification = IdentityVerification.Optional,
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            configure?.Invoke(c);
            db.Channels.Add(c);
            await db.SaveChangesAsync();
            return c;
        });
        return channel;
    }

    /// <summary>Changes a channel in the database and drops the app's cached copy, as the channel admin pages will.</summary>
    public static async Task UpdateChannelAsync(DashboardFactory factory, long channelId, Action<WebsiteChannel> change)
    {
        await factory.QueryAsync(async db =>
        {
            var c = await db.Channels.FindAsync(channelId);
            change(c!);
            return await db.SaveChangesAsync();
        });
        factory.Services.GetRequiredService<ChannelLookup>().Forget(channelId);
    }

    public static string HashOf(WebsiteChannel channel, string identifier) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(channel.IdentitySecret), Encoding.UTF8.GetBytes(identifier)));

    public static HttpClient Visitor(DashboardFactory factory)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("Origin", ShopOrigin);
        return client;
    }

    public static Task<HttpResponseMessage> PostSessionAsync(HttpClient client, object body) => client.PostAsJsonAsync("/api/widget/v1/session", body);

    /// <summary>A new anonymous visitor of the channel: a client carrying its token, and the session.</summary>
    public static async Task<(HttpClient Client, SessionView Session)> VisitAsync(DashboardFactory factory, WebsiteChannel channel, object? body = null)
    {
        var client = Visitor(factory);
        var response = await PostSessionAsync(client, body ?? new { websiteToken = channel.WebsiteToken });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var session = await response.ReadAsync<SessionView>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.VisitorToken);
        return (client, session);
    }

    public static async Task<VisitorMessage> SendAsync(HttpClient client, string content, long? conversationId = null, string? clientKey = null)
    {
        var response = await client.PostAsJsonAsync("/api/widget/v1/messages", new { conversationId, content, clientKey = clientKey ?? Guid.NewGuid().ToString("N") });
        response.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<VisitorMessage>();
    }

    public static async Task<VisitorMessagePage> HistoryAsync(HttpClient client, long conversationId, string query = "")
    {
        var response = await client.GetAsync($"/api/widget/v1/messages?conversationId={conversationId}{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<VisitorMessagePage>();
    }

    /// <summary>Resolves the conversation as if <paramref name="resolvedAgo"/> ago (the lifecycle's resolve, set in the database).</summary>
    public static Task ResolveAsync(DashboardFactory factory, long conversationId, TimeSpan resolvedAgo) =>
        factory.QueryAsync(async db =>
        {
            var thread = await db.Threads.FindAsync(conversationId);
            thread!.Status = ThreadStatus.Archived;
            thread.ResolvedAt = DateTime.UtcNow - resolvedAgo;
            return await db.SaveChangesAsync();
        });
}
