using System.Text.Json.Nodes;
using ComplaintRouting.Intake;

namespace ComplaintRouting.IntegrationTests.Infrastructure;

public static class Submissions
{
    /// <summary>Submits through the real intake function and returns (reference, follow-up code).</summary>
    public static async Task<(string Reference, string Code)> SubmitAsync(this AppFixture app, JsonObject? body = null, string remoteIp = "203.0.113.7")
    {
        var answer = await AppFixture.CallAsync(req => app.Function<IntakeFunction>().Run(req, CancellationToken.None),
            (body ?? Bodies.Complaint()).ToJsonString(), remoteIp: remoteIp);
        Assert.Equal(202, answer.Status);
        return (answer.Json.GetProperty("reference").GetString()!, answer.Json.GetProperty("followUpCode").GetString()!);
    }
}
