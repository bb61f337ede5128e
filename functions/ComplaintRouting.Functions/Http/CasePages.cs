using ComplaintRouting.Parties;
using ComplaintRouting.Cases;
using ComplaintRouting.Common;
using ComplaintRouting.Guidelines;
using ComplaintRouting.Intake;
using ComplaintRouting.Localization;
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
        string T(string key) => Texts.Get(language, key);
        var referred = state.ReferredAt ?? state.ReceivedAt;
        var page = new HtmlPage(Texts.Format(language, "page.referral.title", state.Reference), language)
            .Text(T("page.referral.intro"))
            .Facts(
            [
                (T("page.referral.status"), T("page.referral.state." + state.Status.ToApi())),
                (T("page.referral.received"), state.ReceivedAt.ToString("yyyy-MM-dd")),
                (T("page.referral.acknowledgeBy"), (referred + deadlines.NationalAcknowledge).ToString("yyyy-MM-dd")),
                (T("page.referral.outcomeBy"), (referred + deadlines.NationalOutcome).ToString("yyyy-MM-dd")),
            ]);
        Complaint(page, stored.Complaint, Party.National, language);

        var t = HtmlPage.Encode(Uri.EscapeDataString(token));
        string E(string key) => HtmlPage.Encode(T(key));
        if (state.Status == CaseStatus.ReferredToNational)
            page.Raw($"""
                <section aria-labelledby="ack"><h2 id="ack">{E("page.referral.ackHeading")}</h2>
                <form method="post" action="{t}/acknowledge"><button type="submit">{E("page.referral.ackButton")}</button></form></section>
                """);
        var options = string.Concat(ApiNames<NationalDetermination>.All.Select(d => $"""<option value="{d}">{E("page.referral.determination." + d)}</option>"""));
        page.Raw($"""
            <section aria-labelledby="outcome"><h2 id="outcome">{E("page.referral.outcomeHeading")}</h2>
            <form method="post" action="{t}/outcome">
            <label for="determination">{E("page.referral.determination")}</label>
            <select id="determination" name="determination" required>{options}</select>
            <label for="summary">{E("page.referral.summary")}</label>
            <textarea id="summary" name="summary" required maxlength="10000"></textarea>
            <button type="submit">{E("page.referral.outcomeButton")}</button></form></section>
            """);
        return page;
    }

    /// <summary>What a national organization sees once its step is over (escalated, decided, withdrawn): the status only.</summary>
    private static HtmlPage ReferralStatus(CaseState state, string language) =>
        new HtmlPage(Texts.Format(language, "page.referral.overTitle", state.Reference), language)
            .Text(Texts.Get(language, "page.referral.over"))
            .Facts([(Texts.Get(language, "page.referral.status"), state.Status.ToApi())]);

    public HtmlPage Committee(StoredCase stored, string token, IReadOnlyList<Directory.CommitteeMember> roster)
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
        Complaint(page, stored.Complaint, Party.Chair, "en");

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
        }
        if (CaseLifecycle.WithCommittee(state.Status))
        {
            var assignable = roster.Where(m => !state.Recused.Contains(m.Id, StringComparer.OrdinalIgnoreCase) && !string.Equals(m.Id, state.Rapporteur, StringComparison.OrdinalIgnoreCase));
            page.Raw($"""<section aria-labelledby="assign"><h2 id="assign">Assign a committee member</h2><p>Rapporteur: {HtmlPage.Encode(state.Rapporteur ?? "none yet")}</p><form method="post" action="{t}/assign"><label for="member">Member</label><select id="member" name="member" required>{string.Concat(assignable.Select(m => $"<option value=\"{HtmlPage.Encode(m.Id)}\">{HtmlPage.Encode(m.Name)}</option>"))}</select><button type="submit">Assign</button></form></section>""");
        }
        Notes(page, stored, t, "en");
        return page;
    }

    /// <summary>A committee member's page (SPEC §9): the case without the complainant's contact details, the notes, a note form and recusal.</summary>
    public HtmlPage Member(StoredCase stored, string token, string language)
    {
        var state = stored.Case.State;
        var page = new HtmlPage($"Case {state.Reference}", language).Facts([("Status", state.Status.ToApi()), ("Received", state.ReceivedAt.ToString("yyyy-MM-dd"))]);
        Complaint(page, stored.Complaint, Party.CommitteeMember, language);
        var t = HtmlPage.Encode(Uri.EscapeDataString(token));
        Notes(page, stored, t, language);
        if (CaseLifecycle.WithCommittee(state.Status))
            page.Raw($"""<section aria-labelledby="recuse"><h2 id="recuse">Declare a conflict</h2><form method="post" action="{t}/recuse"><label for="reason">Reason</label><textarea id="reason" name="reason" required maxlength="10000"></textarea><button type="submit">Recuse</button></form></section>""");
        return page;
    }

    /// <summary>The Executive Committee's page (SPEC §9): the case, the recommendation, the notes, and the decision form.</summary>
    public HtmlPage Executive(StoredCase stored, string token, string language)
    {
        var state = stored.Case.State;
        var page = new HtmlPage($"Case {state.Reference}", language).Facts([("Status", state.Status.ToApi()), ("Recommendation", state.Recommendation?.ToApi()), ("Decision", state.Decision?.ToApi())]);
        if (state.RecommendationRationale is { } rationale) page.Heading(2, "Rationale of the recommendation").Quote(rationale);
        Complaint(page, stored.Complaint, Party.Executive, language);
        var t = HtmlPage.Encode(Uri.EscapeDataString(token));
        Notes(page, stored, t, language, form: false);
        if (state.Status == CaseStatus.AwaitingDecision)
            page.Raw($"""
                <section aria-labelledby="dec"><h2 id="dec">Decision</h2><form method="post" action="{t}/decision">
                <label for="decision">Decision</label><select id="decision" name="decision" required><option value="not-justified">Not justified</option><option value="reminder">Reminder</option><option value="warning">Warning</option><option value="expulsion">Expulsion</option></select>
                <label for="statement">Statement</label><textarea id="statement" name="statement" required maxlength="10000"></textarea>
                <button type="submit">Record the decision</button></form></section>
                """);
        return page;
    }

    private static void Notes(HtmlPage page, StoredCase stored, string t, string language, bool form = true)
    {
        page.Heading(2, "Internal notes");
        foreach (var note in stored.Notes)
            page.Text($"{note.At:yyyy-MM-dd HH:mm} {note.Author}").Quote(note.Text);
        if (form && CaseLifecycle.WithCommittee(stored.Case.Status))
            page.Raw($"""<form method="post" action="{t}/notes"><label for="text">Note</label><textarea id="text" name="text" required maxlength="10000"></textarea><button type="submit">Add the note</button></form>""");
    }

    /// <summary>The complaint as submitted, in the reader's language; contact details only as <see cref="PartyRules.SeesContactDetails"/> allows.</summary>
    private static void Complaint(HtmlPage page, Complaint complaint, Party party, string lang)
    {
        string T(string key) => Texts.Get(lang, key);
        var c = complaint.Complainant;
        var a = complaint.Allegation;
        page.Heading(2, T("page.complaint.heading"));
        var facts = new List<(string, string?)>
        {
            (T("page.complaint.respondent"), complaint.Respondent.Name),
            (T("page.complaint.membershipNumber"), complaint.Respondent.MembershipNumber),
            (T("page.complaint.country"), complaint.Respondent.CountryOfPractice),
            (T("page.complaint.complainant"), c.Anonymous ? T("page.complaint.anonymous") : c.Name),
            (T("page.complaint.relationship"), T("form.relationship." + c.Relationship.ToApi())),
        };
        if (PartyRules.SeesContactDetails(party, c.Anonymous))
        {
            facts.Add((T("page.complaint.email"), c.Email));
            facts.Add((T("page.complaint.phone"), c.Phone));
        }
        facts.Add((T("page.complaint.when"), a.OccurredFrom is not { } from ? T("page.complaint.notGiven")
            : a.OccurredTo is { } to ? Texts.Format(lang, "page.complaint.range", from.ToString("yyyy-MM-dd"), to.ToString("yyyy-MM-dd")) : from.ToString("yyyy-MM-dd")));
        facts.Add((T("page.complaint.ongoingRisk"), T(a.OngoingRisk ? "page.yes" : "page.no")));
        page.Facts(facts);
        page.Heading(3, T("page.complaint.standards")).Raw("<ul>\n");
        foreach (var section in a.Sections)
            page.Raw($"<li>{HtmlPage.Encode(section)} — {HtmlPage.Encode(Texts.TryGet(lang, "section." + section) ?? GuidelineCatalogue.Find(section)?.Title)}</li>\n");
        page.Raw("</ul>\n").Heading(3, T("page.complaint.summary")).Quote(a.Summary);
    }
}
