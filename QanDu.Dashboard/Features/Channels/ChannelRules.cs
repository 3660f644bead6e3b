using System.Globalization;
using System.Text.RegularExpressions;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Channels;

/// <summary>A request that passed every rule, normalized (origins, colour, hours), ready to store.</summary>
internal sealed record ValidChannel(
    string Name, List<string> AllowedOrigins, string Greeting, string Color, WidgetPosition Position, string TimeZone,
    List<BusinessHoursSlot> BusinessHours, string AwayMessage, string ExpectedReplyTime, OutsideHoursBehavior OutsideHours,
    PreChatField PreChatName, PreChatField PreChatEmail, IdentityVerification Verification, long? TeamId, bool AutoAssign,
    int ReassignAfterOfflineMinutes, int ReopenWindowHours, bool AssistantFirstReply, double AssistantHandOffThreshold);

/// <summary>The rules of a channel's settings; every problem is named with its field, all at once.</summary>
internal static partial class ChannelRules
{
    public const int MaxName = 80;
    public const int MaxGreeting = 500;
    public const int MaxAwayMessage = 500;
    public const int MaxExpectedReplyTime = 100;
    public const int MaxOrigins = 50;
    public const int MaxSlots = 70;
    public const int MaxReopenWindowHours = 720;
    public const int MaxReassignMinutes = 1440;

    public static ValidChannel Validate(SaveChannelRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, text) in new[] { ("name", request.Name), ("greeting", request.Greeting), ("awayMessage", request.AwayMessage),
                     ("expectedReplyTime", request.ExpectedReplyTime), ("timeZone", request.TimeZone), ("color", request.Color) })
            TextInput.RefuseNul(field, text);
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxName)
            errors["name"] = [$"A channel name is 1 to {MaxName} characters."];
        var origins = Origins(request.AllowedOrigins, errors);
        var greeting = Text(request.Greeting, "greeting", "The greeting", MaxGreeting, errors);
        var away = Text(request.AwayMessage, "awayMessage", "The away message", MaxAwayMessage, errors);
        var replyTime = Text(request.ExpectedReplyTime, "expectedReplyTime", "The expected reply time", MaxExpectedReplyTime, errors);
        var color = request.Color?.Trim() ?? "#1e88e5";
        if (!HexColor().IsMatch(color))
            errors["color"] = [$"\"{color}\" is not a colour; use #rrggbb, e.g. #1e88e5."];
        var timeZone = string.IsNullOrWhiteSpace(request.TimeZone) ? "UTC" : request.TimeZone.Trim();
        if (!IsIanaZone(timeZone))
            errors["timeZone"] = [$"\"{timeZone}\" is not a known IANA time zone; use one such as Europe/Berlin or America/New_York."];
        var hours = Hours(request.BusinessHours, errors);
        Defined(request.Position, "position", "right or left", errors);
        Defined(request.OutsideHours, "outsideHours", "showAwayMessage, askForEmail or hideLauncher", errors);
        Defined(request.PreChatName, "preChatName", "off, optional or required", errors);
        Defined(request.PreChatEmail, "preChatEmail", "off, optional or required", errors);
        Defined(request.Verification, "verification", "off, optional or required", errors);
        var reopen = request.ReopenWindowHours ?? 24;
        if (reopen is < 1 or > MaxReopenWindowHours)
            errors["reopenWindowHours"] = [$"The reopen window is 1 to {MaxReopenWindowHours} hours (30 days)."];
        var reassign = request.ReassignAfterOfflineMinutes ?? 0;
        if (reassign is < 0 or > MaxReassignMinutes)
            errors["reassignAfterOfflineMinutes"] = [$"Reassign after 0 (never) to {MaxReassignMinutes} minutes offline."];
        var threshold = request.AssistantHandOffThreshold ?? 0.5;
        if (double.IsNaN(threshold) || threshold is < 0 or > 1)
            errors["assistantHandOffThreshold"] = ["The hand-off threshold is a confidence from 0 to 1 (e.g. 0.5): below it the assistant passes the customer to a person."];
        if (request.TeamId is <= 0)
            errors["teamId"] = ["A team is named by its id; leave it out (null) to route to Unassigned."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return new ValidChannel(name, origins, greeting, color.ToLowerInvariant(), request.Position ?? WidgetPosition.Right, timeZone, hours,
            away, replyTime, request.OutsideHours ?? OutsideHoursBehavior.ShowAwayMessage, request.PreChatName ?? PreChatField.Off,
            request.PreChatEmail ?? PreChatField.Off, request.Verification ?? IdentityVerification.Off, request.TeamId, request.AutoAssign,
            reassign, reopen, request.AssistantFirstReply, Math.Round(threshold, 2));
    }

    /// <summary>A zone the server knows by its IANA id (a Windows id such as "W. Europe Standard Time" is refused).</summary>
    public static bool IsIanaZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && (zone.HasIanaId || id == "UTC");

    /// <summary>"HH:mm" of a slot time; the end of the day is "24:00".</summary>
    public static string Format(TimeOnly time) => time == TimeOnly.MaxValue ? "24:00" : time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static List<string> Origins(IReadOnlyList<string>? given, Dictionary<string, string[]> errors)
    {
        var problems = new List<string>();
        var origins = new List<string>();
        foreach (var text in given ?? [])
        {
            var (origin, problem) = ChannelOrigins.Normalize(text);
            if (problem is not null)
                problems.Add(problem);
            else if (!origins.Contains(origin!))
                origins.Add(origin!);
        }
        if (problems.Count == 0 && origins.Count == 0)
            problems.Add("Add at least one website origin (e.g. https://shop.example.com): the widget works only on the sites listed.");
        if (origins.Count > MaxOrigins)
            problems.Add($"At most {MaxOrigins} origins per channel; add another channel for more sites.");
        if (problems.Count > 0)
            errors["allowedOrigins"] = [.. problems];
        return origins;
    }

    private static List<BusinessHoursSlot> Hours(IReadOnlyList<BusinessHoursSlotRequest>? given, Dictionary<string, string[]> errors)
    {
        var slots = new List<BusinessHoursSlot>();
        var problems = new List<string>();
        if (given is { Count: > MaxSlots })
            problems.Add($"At most {MaxSlots} shifts.");
        foreach (var slot in given ?? [])
        {
            if (!Enum.IsDefined(slot.Day))
            {
                problems.Add($"{slot.Day} is not a day of the week.");
                continue;
            }
            var from = Time(slot.From, end: false);
            var to = Time(slot.To, end: true);
            if (from is null || to is null)
                problems.Add($"{slot.Day}: \"{(from is null ? slot.From : slot.To)}\" is not a time; write it as HH:mm, e.g. 09:00 (24:00 for midnight at the end).");
            else if (from >= to)
                problems.Add($"{slot.Day} {Format(from.Value)}–{Format(to.Value)}: a shift must end after it starts.");
            else
                slots.Add(new BusinessHoursSlot(slot.Day, from.Value, to.Value));
        }
        foreach (var day in slots.GroupBy(s => s.Day))
        {
            var ordered = day.OrderBy(s => s.From).ToList();
            for (var i = 1; i < ordered.Count; i++)
                if (ordered[i].From < ordered[i - 1].To)
                    problems.Add($"{day.Key}: {Format(ordered[i - 1].From)}–{Format(ordered[i - 1].To)} and {Format(ordered[i].From)}–{Format(ordered[i].To)} overlap.");
        }
        if (problems.Count > 0)
            errors["businessHours"] = [.. problems];
        return [.. slots.OrderBy(s => (((int)s.Day + 6) % 7, s.From))]; // Monday first
    }

    private static TimeOnly? Time(string? text, bool end)
    {
        var value = text?.Trim();
        if (end && value is "24:00")
            return TimeOnly.MaxValue;
        return TimeOnly.TryParseExact(value, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;
    }

    private static string Text(string? text, string field, string what, int max, Dictionary<string, string[]> errors)
    {
        var value = text?.Trim() ?? "";
        if (value.Length > max)
            errors[field] = [$"{what} is at most {max} characters ({value.Length} now)."];
        return value;
    }

    private static void Defined<T>(T? value, string field, string allowed, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (value is { } v && !Enum.IsDefined(v))
            errors[field] = [$"{field} must be {allowed}."];
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
