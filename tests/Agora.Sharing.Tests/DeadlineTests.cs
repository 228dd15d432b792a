using System.Net;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Sharing.Api;
using Agora.Sharing.Workflow;
using Microsoft.Extensions.DependencyInjection;
using static Agora.Sharing.Tests.SharingTestServer;

namespace Agora.Sharing.Tests;

/// <summary>Answers are due in working days; late ones are flagged to both sides and to the bureau.</summary>
public sealed class DeadlineTests
{
    private static WorkingCalendar Calendar(DateOnly[]? holidays = null, DateOnly[]? makeUp = null) =>
        new(new SharingOptions { Holidays = holidays ?? [], MakeUpWorkingDays = makeUp ?? [] });

    [Fact]
    public void Working_days_skip_weekends()
    {
        var calendar = Calendar();

        Assert.Equal(new DateOnly(2026, 3, 13), calendar.AddWorkingDays(new DateOnly(2026, 3, 6), 5));
        Assert.Equal(new DateOnly(2026, 3, 9), calendar.AddWorkingDays(new DateOnly(2026, 3, 7), 1));
        Assert.Equal(new DateOnly(2026, 3, 20), calendar.AddWorkingDays(new DateOnly(2026, 3, 6), 10));
    }

    [Fact]
    public void Working_days_skip_holidays_and_count_make_up_days()
    {
        var qingming = Calendar([new(2026, 4, 3), new(2026, 4, 6)]);
        Assert.Equal(new DateOnly(2026, 4, 13), qingming.AddWorkingDays(new DateOnly(2026, 4, 2), 5));

        var springFestival = Calendar(
            [new(2026, 2, 16), new(2026, 2, 17), new(2026, 2, 18), new(2026, 2, 19), new(2026, 2, 20)],
            [new(2026, 2, 14), new(2026, 2, 28)]);
        Assert.True(springFestival.IsWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.False(springFestival.IsWorkingDay(new DateOnly(2026, 2, 17)));
        Assert.Equal(new DateOnly(2026, 2, 26), springFestival.AddWorkingDays(new DateOnly(2026, 2, 13), 5));
    }

    [Fact]
    public void An_answer_is_due_at_the_end_of_the_last_working_day_in_Beijing()
    {
        // Friday 6 March 2026, 23:30 in Beijing is still Friday there although it is 15:30 UTC.
        var due = Calendar().DueAt(new DateTime(2026, 3, 6, 15, 30, 0, DateTimeKind.Utc), 5);

        Assert.Equal(new DateTime(2026, 3, 13, 16, 0, 0, DateTimeKind.Utc), due);
        Assert.Equal(DateTimeKind.Utc, due.Kind);
    }

    [Fact]
    public async Task Unpublished_data_gets_ten_days_and_an_overdue_request_is_flagged_to_both_sides_and_the_bureau()
    {
        await using var server = await StartAsync(configure: o => o.Holidays = [new DateOnly(2026, 3, 16)]);
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed, table: false);
        var consumer = await server.ClientForAsync(Consumer);
        var steward = await server.ClientForAsync(Provider);
        var bureau = await server.ClientForAsync(Bureau, Catalog.Model.TokenScope.Read);

        var request = await Flow.RequestAsync(consumer, dataset);
        Assert.Equal(10, request.AnswerWorkingDays);
        Assert.Equal(new DateOnly(2026, 3, 19), request.DueDate);
        Assert.False(request.Overdue);

        server.Clock.Set(new DateTimeOffset(2026, 3, 19, 15, 59, 0, TimeSpan.Zero));
        Assert.False((await ReadAsync<AccessRequestDto>(await consumer.GetAsync($"/api/v1/requests/{request.Id}"))).Overdue);
        server.Clock.Set(new DateTimeOffset(2026, 3, 19, 16, 1, 0, TimeSpan.Zero));
        Assert.True((await ReadAsync<AccessRequestDto>(await consumer.GetAsync($"/api/v1/requests/{request.Id}"))).Overdue);
        Assert.Equal(1, (await ReadAsync<Page<AccessRequestDto>>(await bureau.GetAsync("/api/v1/requests?scope=all&overdue=true"))).Total);

        Assert.Equal(1, await server.InScopeAsync(s => s.GetRequiredService<SharingSweep>().RunAsync(default)));
        Assert.Equal(0, await server.InScopeAsync(s => s.GetRequiredService<SharingSweep>().RunAsync(default)));

        foreach (var client in new[] { consumer, steward, bureau })
        {
            Assert.Single(await Flow.InboxAsync(client), m => m.Kind == "request.overdue" && m.RequestId == request.Id);
        }

        Assert.Equal(1, (await ReadAsync<UnreadCount>(await bureau.GetAsync("/api/v1/inbox/unread"))).Unread);
        var notice = (await Flow.InboxAsync(bureau)).Single();
        Assert.Equal(HttpStatusCode.NoContent, (await bureau.PostAsync($"/api/v1/inbox/{notice.Id}/read", null)).StatusCode);
        Assert.Equal(0, (await ReadAsync<UnreadCount>(await bureau.GetAsync("/api/v1/inbox/unread"))).Unread);
        Assert.Equal(HttpStatusCode.NotFound, (await steward.PostAsync($"/api/v1/inbox/{(await Flow.InboxAsync(consumer)).First().Id}/read", null)).StatusCode);
    }

    [Fact]
    public async Task Answering_a_question_starts_the_clock_again()
    {
        await using var server = await StartAsync();
        var dataset = await server.AddDatasetAsync(SharingAttribute.Conditional, OpeningAttribute.Closed);
        var consumer = await server.ClientForAsync(Consumer);
        var steward = await server.ClientForAsync(Provider);
        var request = await Flow.RequestAsync(consumer, dataset);
        await PostAsync(steward, $"/api/v1/requests/{request.Id}/ask-info", new { question = "用途？" });

        server.Clock.Set(new DateTimeOffset(2026, 3, 12, 2, 0, 0, TimeSpan.Zero));
        var answered = await ReadAsync<AccessRequestDto>(await PostAsync(consumer, $"/api/v1/requests/{request.Id}/respond-info", new { answer = "规划" }));

        Assert.Equal(new DateOnly(2026, 3, 19), answered.DueDate);
        Assert.False(answered.Overdue);
    }
}
