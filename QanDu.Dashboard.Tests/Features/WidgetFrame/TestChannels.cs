using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Channels;

namespace QanDu.Dashboard.Tests.Features.WidgetFrame;

/// <summary>
/// A website channel written straight to the database, for widget tests: the channels feature owns the table's write
/// path, the widget only reads it (through ChannelLookup, which is told to forget its copy).
/// </summary>
public static class TestChannels
{
    public static async Task<WebsiteChannel> CreateAsync(IServiceProvider services, IEnumerable<string> allowedOrigins,
        Action<WebsiteChannel>? configure = null)
    {
        var channel = new WebsiteChannel
        {
            Name = $"Shop {Guid.NewGuid():N}"[..20],
            WebsiteToken = $"wt_{Guid.NewGuid():N}"[..30],
            AllowedOrigins = [.. allowedOrigins],
            Greeting = "Hi! Ask us anything about your order.",
            Color = "#6a1b9a",
            ExpectedReplyTime = "within a few minutes",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        configure?.Invoke(channel);
        var dbFactory = services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        services.GetRequiredService<ChannelLookup>().Forget(channel.Id);
        return channel;
    }

    /// <summary>The first channel (the one the demo page embeds), made to allow <paramref name="origin"/>; created when there is none.</summary>
    public static async Task<WebsiteChannel> FirstAllowingAsync(IServiceProvider services, string origin)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var channel = await db.Channels.OrderBy(c => c.Id).FirstOrDefaultAsync();
        if (channel is null)
            return await CreateAsync(services, [origin]);
        if (!channel.AllowedOrigins.Contains(origin))
        {
            channel.AllowedOrigins = [.. channel.AllowedOrigins, origin];
            await db.SaveChangesAsync();
            services.GetRequiredService<ChannelLookup>().Forget(channel.Id);
        }
        return channel;
    }
}
