using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.Digest;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Routing;

/// <summary>
/// SPEC §3.4: a complaint about the chair — by number or by name, found in the directory or not —
/// sends the chair nothing at any stage: not the escalation, not an alert, not a digest line,
/// not even while it waits to be routed. The deputy gets all of it.
/// </summary>
public sealed class ChairConflictTests : AppWithSettings
{
    private async Task<string> SubmitAsync(string respondent, string[]? sections = null)
    {
        var answer = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default),
            Bodies.Complaint(respondent: respondent, country: "IT", sections: sections).ToJsonString());
        return answer.Json.GetProperty("reference").GetString()!;
    }

    private async Task<StoredCase> Load(string reference) =>
        (await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!;

    private Task DigestAsync() => Function<DigestFunction>().Run(new TimerInfo(), default);

    [Fact]
    public async Task A_complaint_naming_the_chair_who_is_not_in_the_directory_reaches_only_the_deputy()
    {
        var reference = await SubmitAsync("  CHAIR  person. ", sections: ["1.2"]);
        Assert.True((await Load(reference)).Case.State.ChairConflict); // from the moment it is stored
        await DrainAsync();

        var stored = await Load(reference);
        Assert.Equal(("escalated-to-committee", "respondent-not-identified"),
            (stored.Case.Status.ToApiString(), stored.Case.State.EscalationReason?.ToApiString()));
        var escalation = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.Equal(AppFixture.DeputyEmail, escalation.To);

        await DigestAsync();
        var digests = App.Mail.Capture.All.Where(m => m.Kind == MailKind.ChairDigest.ToApi()).ToList();
        Assert.DoesNotContain(reference, Assert.Single(digests, m => m.To == AppFixture.ChairEmail).Raw);
        Assert.Contains(reference, Assert.Single(digests, m => m.To == AppFixture.DeputyEmail).Text);
        Assert.DoesNotContain(App.Mail.Capture.All, m => m.To == AppFixture.ChairEmail && m.Raw.Contains(reference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_case_still_being_routed_is_counted_in_the_chairs_digest_but_never_named()
    {
        var other = await SubmitAsync("Someone Unknown");
        var chair = await SubmitAsync("Chair Person");

        await DigestAsync(); // nothing routed yet: both cases are still received

        var digests = App.Mail.Capture.All.Where(m => m.Kind == MailKind.ChairDigest.ToApi()).ToList();
        var toChair = Assert.Single(digests, m => m.To == AppFixture.ChairEmail);
        Assert.DoesNotContain(other, toChair.Raw);
        Assert.DoesNotContain(chair, toChair.Raw);
        Assert.Contains("Being routed: 1 ", toChair.Text);
        Assert.Contains(chair, Assert.Single(digests, m => m.To == AppFixture.DeputyEmail).Text);
    }
}
