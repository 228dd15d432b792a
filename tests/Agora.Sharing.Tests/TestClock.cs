namespace Agora.Sharing.Tests;

/// <summary>A clock the test moves by hand; timers still run on real time.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <summary>Wednesday 4 March 2026, 10:00 in Beijing.</summary>
    public static DateTimeOffset DefaultStart => new(2026, 3, 4, 2, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (this)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (this)
        {
            now += by;
        }
    }

    public void Set(DateTimeOffset to)
    {
        lock (this)
        {
            now = to;
        }
    }
}
