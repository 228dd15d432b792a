using System.Net;
using System.Text.Json;

namespace Agora.Tests;

/// <summary>Uploads go through an ingest job; tests wait for it as a client would, by polling.</summary>
public static class TableJobs
{
    /// <returns>The job's id.</returns>
    public static async Task<string> WaitAsync(HttpClient client, HttpResponseMessage upload)
    {
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        using var job = JsonDocument.Parse(await upload.Content.ReadAsStringAsync());
        var jobId = job.RootElement.GetProperty("id").GetString()!;
        for (var i = 0; i < 600; i++)
        {
            using var state = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/jobs/{jobId}"));
            var value = state.RootElement.GetProperty("state").GetString();
            if (value == "succeeded")
            {
                return jobId;
            }

            Assert.True(value is "queued" or "running", $"the ingest job ended {value}: {state.RootElement}");
            await Task.Delay(100);
        }

        throw new TimeoutException("the ingest job did not finish in 60 s");
    }
}
