using ComplaintRouting.Cases;
using ComplaintRouting.Common;
using ComplaintRouting.Directory;
using ComplaintRouting.Guidelines;
using ComplaintRouting.Links;
using ComplaintRouting.Localization;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Email;

/// <summary>
/// Renders each stored mail step into a message at the moment it is sent, from the case as it is
/// then. Referral and committee mails carry a capability link and the facts needed to act, never
/// the complaint's text; no mail ever carries a follow-up code.
/// </summary>
public sealed class MailComposer(CapabilityTokens tokens, IOptions<LinksOptions> links, IOptions<CommitteeOptions> committee, TimeProvider clock)
{
    /// <summary>How long a national organization's link works: well past every national deadline.</summary>
    public static readonly TimeSpan NationalLinkLifetime = TimeSpan.FromDays(180);

    /// <summary>How long the chair's link works.</summary>
    public static readonly TimeSpan CommitteeLinkLifetime = TimeSpan.FromDays(400);

    private string BaseUrl => links.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>The message for a work item, or null when it has nobody to go to (an anonymous complainant without e-mail).</summary>
    public OutgoingMail? Compose(StoredCase stored, WorkItem work, Organization? organization)
    {
        var state = stored.Case.State;
        return (work.MailKind, work.Recipient) switch
        {
            (_, Recipient.Complainant) when stored.Complaint.Complainant.Email is null => null,
            (MailKinds.ComplainantAcknowledgement, _) => Acknowledgement(stored),
            (MailKinds.ComplainantUpdate, _) => Update(stored),
            (MailKinds.NationalReferral or MailKinds.NationalReminder, _) when organization?.ReferralEmail is { } => Referral(stored, work.MailKind, organization),
            (MailKinds.CommitteeEscalation or MailKinds.CommitteeUrgentAlert or MailKinds.CommitteeReminder, _) => Committee(state, work.MailKind),
            _ => throw new InvalidOperationException($"No recipient for {work.MailKind} to {work.Recipient} on {state.Reference}."),
        };
    }

    public string FollowUpUrl(string language) => $"{BaseUrl}/api/form?lang={Uri.EscapeDataString(language)}&view=follow-up";

    public string ReferralUrl(string reference, string organizationId) =>
        $"{BaseUrl}/api/referrals/{tokens.Issue(new Capability(reference, new LinkParty.National(organizationId), clock.GetUtcNow() + NationalLinkLifetime))}";

    public string CommitteeUrl(string reference) =>
        $"{BaseUrl}/api/committee/cases/{tokens.Issue(new Capability(reference, new LinkParty.Committee(), clock.GetUtcNow() + CommitteeLinkLifetime))}";

    /// <summary>The chair, or the deputy when the chair is the respondent.</summary>
    public (string Email, string? Name) CommitteeRecipient(bool chairConflict) =>
        chairConflict ? (committee.Value.DeputyEmail, null) : (committee.Value.ChairEmail, committee.Value.ChairName);

    private OutgoingMail Acknowledgement(StoredCase stored)
    {
        var c = stored.Complaint.Complainant;
        var lang = Texts.Resolve(c.Language);
        var reference = stored.Reference;
        var body = new MailBody(lang)
            .Paragraph(c.Name is { } name && !c.Anonymous ? Texts.Format(lang, "mail.ack.greeting", name) : Texts.Get(lang, "mail.ack.greetingAnonymous"))
            .Paragraph(Texts.Format(lang, "mail.ack.body", reference))
            .Paragraph(Texts.Get(lang, "mail.ack.next"))
            .Paragraph(Texts.Format(lang, "mail.ack.followUp", FollowUpUrl(lang)));
        var subject = Texts.Format(lang, "mail.ack.subject", reference);
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(c.Email!, c.Anonymous ? null : c.Name, subject, html, text, MailKinds.ComplainantAcknowledgement, reference);
    }

    private OutgoingMail Update(StoredCase stored)
    {
        var c = stored.Complaint.Complainant;
        var state = stored.Case.State;
        var lang = Texts.Resolve(c.Language);
        var reference = stored.Reference;
        var status = Texts.Get(lang, "status." + state.Status.ToApi());
        var body = new MailBody(lang)
            .Paragraph(c.Name is { } name && !c.Anonymous ? Texts.Format(lang, "mail.update.greeting", name) : Texts.Get(lang, "mail.update.greetingAnonymous"));
        if (state.Status == CaseStatus.Decided)
        {
            body.Paragraph(Texts.Format(lang, "mail.update.decided", reference));
            if (state.DecisionStatement is { } statement) body.Paragraph(Texts.Get(lang, "mail.update.statement")).Paragraph(statement);
        }
        else
        {
            body.Paragraph(Texts.Format(lang, "mail.update.noNews", reference, status));
        }
        body.Paragraph(Texts.Format(lang, "mail.update.followUp", FollowUpUrl(lang)));
        var subject = Texts.Format(lang, "mail.update.subject", reference);
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(c.Email!, c.Anonymous ? null : c.Name, subject, html, text, MailKinds.ComplainantUpdate, reference);
    }

    private OutgoingMail Referral(StoredCase stored, string kind, Organization organization)
    {
        var state = stored.Case.State;
        var lang = Texts.Resolve(organization.Language);
        var reminder = kind == MailKinds.NationalReminder;
        var subject = Texts.Format(lang, reminder ? "mail.referral.reminderSubject" : "mail.referral.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.referral.greeting", organization.Name))
            .Paragraph(Texts.Format(lang, reminder ? "mail.referral.reminderBody" : "mail.referral.body", state.Reference))
            .Facts(
            [
                (Texts.Get(lang, "mail.referral.respondent"), stored.Complaint.Respondent.Name),
                (Texts.Get(lang, "mail.referral.sections"), string.Join(", ", stored.Complaint.Allegation.Sections)),
                (Texts.Get(lang, "mail.referral.received"), state.ReceivedAt.ToString("yyyy-MM-dd")),
            ])
            .Paragraph(Texts.Get(lang, "mail.referral.process"))
            .Link(Texts.Get(lang, "mail.referral.link"), ReferralUrl(state.Reference, organization.Id))
            .Paragraph(Texts.Get(lang, "mail.referral.confidential"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(organization.ReferralEmail!, organization.Name, subject, html, text, kind, state.Reference);
    }

    private OutgoingMail Committee(CaseState state, string kind)
    {
        const string lang = "en";
        var (email, name) = CommitteeRecipient(state.ChairConflict);
        var reason = state.EscalationReason?.ToApi();
        var subject = kind switch
        {
            MailKinds.CommitteeUrgentAlert => $"URGENT complaint {state.Reference}: immediate attention",
            MailKinds.CommitteeReminder => $"Reminder: complaint {state.Reference} is waiting for the committee",
            _ => $"Complaint {state.Reference} escalated to the committee ({reason})",
        };
        var body = new MailBody(lang)
            .Paragraph(kind switch
            {
                MailKinds.CommitteeUrgentAlert => "A complaint alleges a breach that needs urgent attention (torture, degrading treatment, a sexual relationship with a patient, or an ongoing risk). The referral to the national association goes ahead in parallel.",
                MailKinds.CommitteeReminder => "This case has a committee step that is overdue.",
                _ => "A complaint is now with the Committee for Ethics and Professional Standards.",
            })
            .Facts(
            [
                ("Reference", state.Reference),
                ("Status", state.Status.ToApi()),
                ("Reason", reason ?? "—"),
                ("Urgent", state.Urgent ? "yes" : "no"),
                ("Received", state.ReceivedAt.ToString("yyyy-MM-dd")),
                ("National outcome", state.NationalOutcome?.ToApi() ?? "—"),
            ]);
        if (state.ChairConflict)
            body.Paragraph("You receive this as deputy because the complaint concerns the chair.");
        body.Link("Open the case", CommitteeUrl(state.Reference))
            .Paragraph("The link opens the whole case. Keep it confidential; it works only for this case.");
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(email, name, subject, html, text, kind, state.Reference);
    }

    /// <summary>Section numbers with their titles, for pages that show the allegation.</summary>
    public static string DescribeSections(IEnumerable<string> sections) =>
        string.Join("; ", sections.Select(s => GuidelineCatalogue.Find(s) is { } g ? $"{g.Number} {g.Title}" : s));
}
