using Agora.Sharing.Api;
using Agora.Sharing.Model;
using Agora.Sharing.Workflow;
using Agora.Web.Localization;

namespace Agora.Web.Portal;

/// <summary>Readable words and deadlines for the sharing exchange's states.</summary>
public static class SharingLabels
{
    public static string State(RequestState state) => Texts.Get("request.state." + Labels.Camel(state.ToString()));

    public static string Kind(RequestKind kind) => Texts.Get("request.kind." + Labels.Camel(kind.ToString()));

    public static string Status(GrantStatus status) => Texts.Get("grant.status." + Labels.Camel(status.ToString()));

    /// <summary>A CSS tone for a request's state: green when granted, amber while open, red when refused.</summary>
    public static string Tone(RequestState state) => state switch
    {
        RequestState.Approved => "ok",
        RequestState.Submitted or RequestState.InfoRequested => "warn",
        _ => "stop",
    };

    public static string Tone(GrantStatus status) => status switch
    {
        GrantStatus.Active => "ok",
        GrantStatus.Pending => "warn",
        _ => "stop",
    };

    /// <summary>
    /// Working days left to answer after today, as the deadline counts them (the day of submission does not count):
    /// a request submitted today with five working days has five left; on the due day itself none is left.
    /// </summary>
    public static int WorkingDaysLeft(WorkingCalendar calendar, DateOnly due, DateTime nowUtc)
    {
        var left = 0;
        for (var day = calendar.LocalDate(nowUtc).AddDays(1); day <= due; day = day.AddDays(1))
        {
            if (calendar.IsWorkingDay(day))
            {
                left++;
            }
        }

        return left;
    }

    /// <summary>What the deadline column says of an open request that is not overdue.</summary>
    public static string Remaining(WorkingCalendar calendar, DateOnly due, DateTime nowUtc) =>
        WorkingDaysLeft(calendar, due, nowUtc) is var left and > 0 ? Texts.Format("requests.days-left", left) : Texts.Get("requests.due-today");

    /// <summary>Working days from submission to decision: the day of submission does not count, as for the deadline.</summary>
    public static int WorkingDaysBetween(WorkingCalendar calendar, DateTime fromUtc, DateTime toUtc)
    {
        var days = 0;
        var end = calendar.LocalDate(toUtc);
        for (var day = calendar.LocalDate(fromUtc).AddDays(1); day <= end; day = day.AddDays(1))
        {
            if (calendar.IsWorkingDay(day))
            {
                days++;
            }
        }

        return days;
    }

    /// <summary>A UTC instant as the calendar's local time, which is what every date on these pages means.</summary>
    public static string Local(WorkingCalendar calendar, DateTime? utc, bool time = true) =>
        utc is { } value ? (value + calendar.Offset).ToString(time ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "";
}
