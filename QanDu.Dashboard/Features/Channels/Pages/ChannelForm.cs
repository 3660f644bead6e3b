using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Channels.Pages;

/// <summary>One shift being edited: times as the browser's time inputs give them ("HH:mm").</summary>
public sealed class ShiftForm
{
    public string From { get; set; } = "09:00";
    public string To { get; set; } = "17:00";
}

/// <summary>What the channel editor holds while the admin types; <see cref="ToRequest"/> is what the service checks.</summary>
public sealed class ChannelForm
{
    /// <summary>Monday first, as most business hours are written.</summary>
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public string Name { get; set; } = "";
    public string Origins { get; set; } = "";
    public string Greeting { get; set; } = "Hi there! Ask us anything — we usually answer within minutes.";
    public string Color { get; set; } = "#1e88e5";
    public WidgetPosition Position { get; set; }
    public bool AlwaysOpen { get; set; } = true;
    public string TimeZone { get; set; } = "UTC";
    public Dictionary<DayOfWeek, List<ShiftForm>> Shifts { get; } = Week.ToDictionary(d => d, _ => new List<ShiftForm>());
    public string AwayMessage { get; set; } = "We're away right now. Leave a message and we'll get back to you.";
    public string ExpectedReplyTime { get; set; } = "within a few hours";
    public OutsideHoursBehavior OutsideHours { get; set; }
    public PreChatField PreChatName { get; set; }
    public PreChatField PreChatEmail { get; set; }
    public IdentityVerification Verification { get; set; }
    public long? TeamId { get; set; }
    public bool AutoAssign { get; set; }
    public int ReassignAfterOfflineMinutes { get; set; }
    public int ReopenWindowHours { get; set; } = 24;
    public bool AssistantFirstReply { get; set; }
    public double AssistantHandOffThreshold { get; set; } = 0.5;

    /// <summary>A new channel's form: weekdays 9 to 5 ready for when the admin turns "always open" off.</summary>
    public static ChannelForm New()
    {
        var form = new ChannelForm();
        foreach (var day in Week.Take(5))
            form.Shifts[day].Add(new ShiftForm());
        return form;
    }

    public static ChannelForm From(ChannelView channel)
    {
        var form = new ChannelForm
        {
            Name = channel.Name,
            Origins = string.Join("\n", channel.AllowedOrigins),
            Greeting = channel.Greeting,
            Color = channel.Color,
            Position = channel.Position,
            AlwaysOpen = channel.AlwaysOpen,
            TimeZone = channel.TimeZone,
            AwayMessage = channel.AwayMessage,
            ExpectedReplyTime = channel.ExpectedReplyTime,
            OutsideHours = channel.OutsideHours,
            PreChatName = channel.PreChatName,
            PreChatEmail = channel.PreChatEmail,
            Verification = channel.Verification,
            TeamId = channel.TeamId,
            AutoAssign = channel.AutoAssign,
            ReassignAfterOfflineMinutes = channel.ReassignAfterOfflineMinutes,
            ReopenWindowHours = channel.ReopenWindowHours,
            AssistantFirstReply = channel.AssistantFirstReply,
            AssistantHandOffThreshold = channel.AssistantHandOffThreshold,
        };
        foreach (var slot in channel.BusinessHours)
            form.Shifts[slot.Day].Add(new ShiftForm { From = slot.From, To = slot.To });
        if (channel.AlwaysOpen)
            foreach (var day in Week.Take(5))
                form.Shifts[day].Add(new ShiftForm());
        return form;
    }

    public SaveChannelRequest ToRequest() => new(
        Name,
        [.. Origins.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        Greeting, Color, Position, TimeZone,
        AlwaysOpen ? [] : [.. Week.SelectMany(day => Shifts[day].Select(s => new BusinessHoursSlotRequest(day, s.From, s.To)))],
        AwayMessage, ExpectedReplyTime, OutsideHours, PreChatName, PreChatEmail, Verification, TeamId, AutoAssign,
        ReassignAfterOfflineMinutes, ReopenWindowHours, AssistantFirstReply, AssistantHandOffThreshold);
}
