using ComplaintRouting.Parties;
using ComplaintRouting.Cases;
using ComplaintRouting.Common;
using ComplaintRouting.Guidelines;
using ComplaintRouting.Intake;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;

namespace ComplaintRouting.Http;

/// <summary>The pages behind the capability links: what the national organization and the chair see.</summary>
public sealed class CasePages
{
    public HtmlPage Referral(StoredCase stored, string token, DeadlineOptions deadlines, string language = "en")
    {
        var state = stored.Case.State;
        if (!PartyRules.SeesComplaint(Party.National, state.Status)) return ReferralStatus(state, language);
        var referred = state.ReferredAt ?? state.ReceivedAt;
        var page = new HtmlPage($"Ethics complaint {state.Reference}")
            .Text("This complaint about one of your members was referred to your association first, as the association's ethical guidelines require. Please keep it confidential.")
            .Facts(
            [
                ("Status", state.Status.ToApi()),
                ("Received", state.ReceivedAt.ToString("yyyy-MM-dd")),
                ("Please acknowledge by", (referred + deadlines.NationalAcknowledge).ToString("yyyy-MM-dd")),
                ("Please report your outcome by", (referred + deadlines.NationalOutcome).ToString("yyyy-MM-dd")),
            ]);
        Complaint(page, stored.Complaint, Party.National);

        var t = HtmlPage.Encode(Uri.EscapeDataString(token));
        if (state.Status == CaseStatus.ReferredToNational)
            page.Raw($"""
                <section aria-labelledby="ack"><h2 id="ack">Acknowledge the referral</h2>
                <form method="post" action="{t}/acknowledge"><button type="submit">Acknowledge</button></form></section>
                """);
        if (state.Status is CaseStatus.ReferredToNational or CaseStatus.UnderNationalReview)
            page.Raw($"""
                <section aria-labelledby="outcome"><h2 id="outcome">Report your outcome</h2>
                <form method="post" action="{t}/outcome">
                <label for="determination">Determination</label>
                <select id="determination" name="determination" required>
                <option value="upheld">Upheld</option><option value="not-upheld">Not upheld</option>
                <option value="no-jurisdiction">No jurisdiction</option><option value="declined">Declined</option></select>
                <label for="summary">Summary of your review</label>
                <textarea id="summary" name="summary" required maxlength="10000"></textarea>
                <button type="submit">Report outcome</button></form></section>
                """);
        return page;
    }

    /// <summary>What a national organization sees once its step is over (escalated, decided, withdrawn): the status only.</summary>
    private static HtmlPage ReferralStatus(CaseState state, string language) =>
        new HtmlPage(Localization.Texts.Format(language, "page.referral.overTitle", state.Reference), language)
            .Text(Localization.Texts.Get(language, "page.referral.over"))
            .Facts([(Localization.Texts.Get(language, "page.referral.status"), state.Status.ToApi())]);

    public HtmlPage Committee(StoredCase stored, string token)
    {
        var state = stored.Case.State;
        var page = new HtmlPage($"Case {state.Reference}")
            .Facts(
            [
                ("Status", state.Status.ToApi()),
                ("Escalation reason", state.EscalationReason?.ToApi()),
                ("Urgent", state.Urgent ? "yes" : "no"),
                ("Received", state.ReceivedAt.ToString("yyyy-MM-dd HH:mm 'UTC'")),
                ("National organization", state.NationalOrganizationId),
                ("National outcome", state.NationalOutcome?.ToApi()),
                ("Recommendation", state.Recommendation?.ToApi()),
                ("Decision", state.Decision?.ToApi()),
            ]);
        if (state.ChairConflict) page.Text("This case concerns the chair: it is handled by the deputy.");
        if (state.NationalOutcomeSummary is { } national) page.Heading(2, "National organization's summary").Quote(national);
        if (state.RecommendationRationale is { } rationale) page.Heading(2, "Rationale of the recommendation").Quote(rationale);
        if (state.DecisionStatement is { } statement) page.Heading(2, "Decision statement").Quote(statement);
        Complaint(page, stored.Complaint, Party.Chair);

        page.Heading(2, "Events").Raw("<table><thead><tr><th>When</th><th>From</th><th>To</th><th>By</th><th>Reason</th></tr></thead><tbody>\n");
        foreach (var e in stored.Events.OrderBy(e => e.Sequence))
            page.Raw($"<tr><td>{e.At:yyyy-MM-dd HH:mm}</td><td>{HtmlPage.Encode(e.From?.ToApi())}</td><td>{HtmlPage.Encode(e.To.ToApi())}</td><td>{HtmlPage.Encode(e.Actor)}</td><td>{HtmlPage.Encode(e.Reason)}</td></tr>\n");
        page.Raw("</tbody></table>\n");

        var t = HtmlPage.Encode(Uri.EscapeDataString(token));
        const string verdicts = """<option value="not-justified">Not justified</option><option value="reminder">Reminder (the lesser reproach)</option><option value="warning">Warning (the more severe reproach)</option><option value="expulsion">Expulsion</option>""";
        switch (state.Status)
        {
            case CaseStatus.EscalatedToCommittee:
                page.Raw($"""<section aria-labelledby="ack"><h2 id="ack">Acknowledge</h2><form method="post" action="{t}/acknowledge"><button type="submit">Acknowledge the case</button></form></section>""");
                break;
            case CaseStatus.UnderCommitteeReview:
                page.Raw($"""
                    <section aria-labelledby="rec"><h2 id="rec">Recommendation to the Executive Committee</h2><form method="post" action="{t}/recommendation">
                    <label for="recommendation">Recommendation</label><select id="recommendation" name="recommendation" required>{verdicts}</select>
                    <label for="rationale">Rationale</label><textarea id="rationale" name="rationale" required maxlength="10000"></textarea>
                    <button type="submit">Record the recommendation</button></form></section>
                    """);
                break;
            case CaseStatus.AwaitingDecision:
                page.Raw($"""
                    <section aria-labelledby="dec"><h2 id="dec">Executive Committee decision</h2><form method="post" action="{t}/decision">
                    <label for="decision">Decision</label><select id="decision" name="decision" required>{verdicts}</select>
                    <label for="statement">Statement (sent to the complainant)</label><textarea id="statement" name="statement" required maxlength="10000"></textarea>
                    <button type="submit">Record the decision</button></form></section>
                    """);
                break;
        }
        return page;
    }

    /// <summary>The complaint as submitted; an anonymous complainant's contact details are never shown to any party (SPEC §9).</summary>
    private static void Complaint(HtmlPage page, Complaint complaint, Party party)
    {
        var c = complaint.Complainant;
        var a = complaint.Allegation;
        page.Heading(2, "The complaint as submitted");
        var facts = new List<(string, string?)>
        {
            ("Member complained about", complaint.Respondent.Name),
            ("Membership number", complaint.Respondent.MembershipNumber),
            ("Country of practice", complaint.Respondent.CountryOfPractice),
            ("Complainant", c.Anonymous ? "anonymous" : c.Name),
            ("Relationship to the member", c.Relationship.ToApi()),
        };
        if (PartyRules.SeesContactDetails(party, c.Anonymous))
        {
            facts.Add(("Complainant's e-mail", c.Email));
            facts.Add(("Complainant's phone", c.Phone));
        }
        facts.Add(("When", a.OccurredFrom is null ? "not given" : $"{a.OccurredFrom:yyyy-MM-dd}{(a.OccurredTo is { } to ? $" to {to:yyyy-MM-dd}" : "")}"));
        facts.Add(("Ongoing risk", a.OngoingRisk ? "yes" : "no"));
        page.Facts(facts);
        page.Heading(3, "Standards said to be broken").Raw("<ul>\n");
        foreach (var section in a.Sections)
            page.Raw($"<li>{HtmlPage.Encode(section)} — {HtmlPage.Encode(GuidelineCatalogue.Find(section)?.Title)}</li>\n");
        page.Raw("</ul>\n").Heading(3, "What happened").Quote(a.Summary);
    }
}
