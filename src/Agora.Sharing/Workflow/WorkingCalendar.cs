namespace Agora.Sharing.Workflow;

/// <summary>
/// Working days in the configured calendar: Saturdays, Sundays and listed holidays are not working days,
/// listed make-up days (调休) are, even on a weekend.
/// </summary>
public sealed class WorkingCalendar(SharingOptions options)
{
    private readonly HashSet<DateOnly> holidays = [.. options.Holidays];
    private readonly HashSet<DateOnly> makeUpDays = [.. options.MakeUpWorkingDays];

    public TimeSpan Offset => options.CalendarOffset;

    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(utc + options.CalendarOffset);

    /// <summary>The day as yyyymmdd, the key of daily quotas.</summary>
    public int DayNumber(DateTime utc)
    {
        var date = LocalDate(utc);
        return (date.Year * 10_000) + (date.Month * 100) + date.Day;
    }

    /// <summary>The instant a local day starts, in UTC.</summary>
    public DateTime StartOf(DateOnly date) =>
        DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue) - options.CalendarOffset, DateTimeKind.Utc);

    public bool IsWorkingDay(DateOnly date) =>
        makeUpDays.Contains(date) || (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(date));

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="from"/> (the day itself does not count).</summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = from;
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>When an answer to something submitted at <paramref name="submitted"/> is due: the end of the last working day.</summary>
    public DateTime DueAt(DateTime submitted, int workingDays) =>
        StartOf(AddWorkingDays(LocalDate(submitted), workingDays).AddDays(1));
}
