using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Widget;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// The API's request limits (<see cref="RateLimitOptions"/>) on ASP.NET Core's rate limiter: per person (browser and
/// keys together), per API key, and per client address for requests without a sign-in; over a limit, 429 with
/// <c>Retry-After</c> and problem details naming the limit. Pages, the circuit and sign-in have their own protections.
/// </summary>
internal static class ApiRateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ApiRateLimiter>((o, limiter) =>
        {
            o.GlobalLimiter = limiter.Chain;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => limiter.RejectAsync(context.HttpContext, context.Lease);
        });
        return services;
    }
}

/// <summary>The limiters behind <see cref="ApiRateLimits"/>, kept apart so a refusal can say which limit was reached.</summary>
internal sealed class ApiRateLimiter : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly Limit[] _limits;

    public ApiRateLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        var o = _options;
        _limits =
        [
            new(Create(c => PersonKey(c) is { } person
                    ? (person, person.StartsWith("user:", StringComparison.Ordinal) ? o.RequestsPerMinute : o.AnonymousRequestsPerMinute)
                    : null),
                c => c.User.Identity?.IsAuthenticated == true
                    ? $"at most {o.RequestsPerMinute} API requests a minute per person"
                    : $"at most {o.AnonymousRequestsPerMinute} API requests a minute from one address without signing in"),
            new(Create(c => IsWrite(c) && VisitorId(c) is null && UserId(c) is { } user ? ("user:" + user, o.WritesPerMinute) : null),
                _ => $"at most {o.WritesPerMinute} API changes a minute per person"),
            new(Create(c => KeyId(c) is { } key ? ("key:" + key, o.KeyRequestsPerMinute) : null),
                _ => $"at most {o.KeyRequestsPerMinute} requests a minute per API key"),
            new(Create(c => IsWrite(c) && KeyId(c) is { } key ? ("key:" + key, o.KeyWritesPerMinute) : null),
                _ => $"at most {o.KeyWritesPerMinute} changes a minute per API key"),
            .. WidgetLimits(o),
            // The public help center's search: anonymous, and each one a query of the knowledge index.
            new(Create(c => c.Request.Path.StartsWithSegments(Features.Knowledge.HelpLinks.Root) && c.Request.Query.ContainsKey("q")
                    ? ("help-search:" + Address(c), o.AnonymousRequestsPerMinute) : null),
                _ => $"at most {o.AnonymousRequestsPerMinute} help-center searches a minute from one address"),
        ];
        Chain = PartitionedRateLimiter.CreateChained(_limits.Select(l => l.Limiter).ToArray());
    }

    public PartitionedRateLimiter<HttpContext> Chain { get; }

    public async ValueTask RejectAsync(HttpContext context, RateLimitLease lease)
    {
        var (detail, seconds) = Refusal(context, lease);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail)
            .ExecuteAsync(context);
    }

    /// <summary>
    /// Counts a message sent on the integrations hub as what it is, a post to <c>/api/chat/message</c> by the
    /// connection's person (and key): it takes from the same budgets as REST posts. Null when allowed, else why not.
    /// </summary>
    public string? TryAcquirePost(ClaimsPrincipal user, System.Net.IPAddress? address)
    {
        var post = new DefaultHttpContext { User = user };
        post.Request.Method = HttpMethods.Post;
        post.Request.Path = "/api/chat/message";
        post.Connection.RemoteIpAddress = address;
        using var lease = Chain.AttemptAcquire(post);
        return lease.IsAcquired ? null : Refusal(post, lease).Detail;
    }

    private (string Detail, int Seconds) Refusal(HttpContext context, RateLimitLease lease)
    {
        var reached = _limits.FirstOrDefault(l => l.Limiter.GetStatistics(context)?.CurrentAvailablePermits == 0) ?? _limits[0];
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
            ? retryAfter
            : TimeSpan.FromSeconds(10);
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return ($"This request went over the limit of {reached.Describe(context)}. Try again in {seconds} s. " +
                "An admin sets the limits under RateLimits (docs/configuration.md).", seconds);
    }

    public void Dispose()
    {
        Chain.Dispose();
        foreach (var limit in _limits)
            limit.Limiter.Dispose();
    }

    private static bool IsApi(HttpContext context) => ApiErrors.IsApi(context.Request);

    /// <summary>The widget's limits: sessions per address, and per visitor their requests, messages and uploads.</summary>
    private static IEnumerable<Limit> WidgetLimits(RateLimitOptions o)
    {
        yield return new(Create(c => IsWidgetPost(c, "/session") ? ("widget-session:" + Address(c), o.VisitorSessionsPerMinute) : null),
            _ => $"at most {o.VisitorSessionsPerMinute} widget sessions a minute from one address");
        yield return new(Create(c => VisitorId(c) is { } v && WidgetPaths.Applies(c.Request) ? ("visitor:" + v, o.VisitorRequestsPerMinute) : null),
            _ => $"at most {o.VisitorRequestsPerMinute} widget requests a minute per visitor");
        yield return new(Create(c => IsWidgetPost(c, "/messages") && VisitorId(c) is { } v ? ("visitor:" + v, o.VisitorMessagesPerMinute) : null),
            _ => $"at most {o.VisitorMessagesPerMinute} messages a minute per visitor");
        yield return new(Create(c => IsWidgetPost(c, "/files") && VisitorId(c) is { } v ? ("visitor:" + v, o.VisitorUploadsPerMinute) : null),
            _ => $"at most {o.VisitorUploadsPerMinute} file uploads a minute per visitor");
    }

    private static bool IsWidgetPost(HttpContext context, string route) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(WidgetApi.Prefix + route, StringComparison.OrdinalIgnoreCase);

    private static string? VisitorId(HttpContext context) => context.User.FindFirstValue(VisitorAuthenticationHandler.ContactClaim);

    private static string Address(HttpContext context) => SignInThrottle.AddressKey(context.Connection.RemoteIpAddress);

    private static bool IsWrite(HttpContext context) =>
        IsApi(context) && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));

    private static string? UserId(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private static string? KeyId(HttpContext context) => IsApi(context) ? context.User.FindFirstValue(AppClaims.ApiKeyId) : null;

    /// <summary>Who an API request counts against: the signed-in person, or else the client's address.</summary>
    private static string? PersonKey(HttpContext context) =>
        !IsApi(context) || VisitorId(context) is not null ? null // visitors have their own limits (WidgetLimits)
        : UserId(context) is { } user ? "user:" + user
        : "address:" + SignInThrottle.AddressKey(context.Connection.RemoteIpAddress);

    /// <summary>A limiter of requests per sliding minute, partitioned by <paramref name="partition"/> (null: not limited by it).</summary>
    private static PartitionedRateLimiter<HttpContext> Create(Func<HttpContext, (string Key, int PerMinute)?> partition) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => partition(context) is { } p
            ? RateLimitPartition.GetSlidingWindowLimiter(p.Key + "\n" + p.PerMinute, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = p.PerMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(""));

    private sealed record Limit(PartitionedRateLimiter<HttpContext> Limiter, Func<HttpContext, string> Describe);
}
