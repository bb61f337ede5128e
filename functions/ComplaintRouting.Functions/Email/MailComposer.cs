using ComplaintRouting.Consequences;
using ComplaintRouting.Cases;
using ComplaintRouting.Api;
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
/// then. Referral and committee mails carry the reference, a capability link and the facts needed
/// to act, never the complaint's text or its section numbers; no mail ever carries a follow-up code.
/// Every link works for <c>Links__Lifetime</c> and is bound to the address it is mailed to.
/// </summary>
public sealed class MailComposer(CapabilityTokens tokens, Delivery.DeliveryFailureLog failures, IOptions<LinksOptions> links, IOptions<CommitteeOptions> committee,
    IOptions<ExecutiveCommitteeOptions> executive, IOptions<DeadlineOptions> deadlines, TimeProvider clock)
{
    private string BaseUrl => links.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>
    /// The language the chair (<paramref name="deputy"/> false) or the deputy reads
    /// (<c>Committee__ChairLanguage</c>, <c>Committee__DeputyLanguage</c>): every mail to them
    /// (<c>committee-*</c>, <c>link-renewal</c>, <c>delivery-failure-alert</c>) and the digest —
    /// never the language of whoever asked on a page.
    /// </summary>
    public string CommitteeLanguageOf(bool deputy) => Texts.Resolve(committee.Value.Holder(deputy).Language);

    /// <summary>How long a link sent by mail works (<c>Links__Lifetime</c>).</summary>
    public TimeSpan LinkLifetime => links.Value.Lifetime;

    /// <summary>The message for a work item, or null when it has nobody to go to (an anonymous complainant without e-mail).</summary>
    public async Task<OutgoingMail?> ComposeAsync(StoredCase stored, WorkItem work, MailParties parties, CancellationToken cancellationToken)
    {
        if (work.MailKind != MailKind.DeliveryFailureAlert) return Compose(stored, work, parties);
        var duePoint = work.Id[(work.Id.LastIndexOf('.') + 1)..];
        var failure = duePoint.StartsWith(ConsequencePolicy.DeliveryDuePrefix, StringComparison.Ordinal)
            ? await failures.FindAsync(duePoint[ConsequencePolicy.DeliveryDuePrefix.Length..], cancellationToken)
            : null;
        return FailureAlert(stored.Case.State, failure);
    }

    /// <summary>The message for a work item from the case and the parties the sender looked up (every kind but <c>delivery-failure-alert</c>).</summary>
    public OutgoingMail? Compose(StoredCase stored, WorkItem work, MailParties parties)
    {
        var state = stored.Case.State;
        var (organization, member, respondent) = parties;
        return (work.MailKind, work.Recipient) switch
        {
            (_, Recipient.Complainant) when stored.Complaint.Complainant.Email is null => null,
            (MailKind.ComplainantAcknowledgement, _) => Acknowledgement(stored),
            (MailKind.ComplainantUpdate, _) => Update(stored),
            (MailKind.NationalReferral or MailKind.NationalReminder, _) when organization?.ReferralEmail is { } => Referral(stored, work.MailKind, organization),
            (MailKind.LinkRenewal, Recipient.National) => organization?.ReferralEmail is { } ? NationalRenewal(state, organization) : null,
            (MailKind.LinkRenewal, Recipient.Chair) => CommitteeRenewal(state),
            (MailKind.CommitteeEscalation or MailKind.CommitteeUrgentAlert or MailKind.CommitteeReminder, _) => Committee(state, work.MailKind),
            // A member who left the roster, was made inactive or recused before the mail went: nobody to tell.
            (MailKind.CommitteeAssignment, _) => member is { Active: true } && state.Assigned.Contains(member.Id, StringComparer.OrdinalIgnoreCase) ? Assignment(state, member) : null,
            (MailKind.LinkRenewal, Recipient.Member) => member is { Active: true } ? MemberRenewal(state, member) : null,
            (MailKind.CommitteeRecusal, _) => Recusal(state, work.Member, member),
            (MailKind.ExecutiveRecommendation or MailKind.ExecutiveReminder, _) => ExecutiveMail(state, work.MailKind),
            (MailKind.LinkRenewal, Recipient.Executive) => ExecutiveRenewal(state),
            (MailKind.NationalDecision, _) => organization?.ReferralEmail is { } ? NationalDecision(state, organization) : null,
            // The member complained about: only at their directory address, in their organization's language.
            (_, Recipient.Respondent) when respondent?.Member.Email is null => null,
            (MailKind.RespondentNotice or MailKind.RespondentReminder, _) => RespondentNotice(state, respondent!, work.MailKind),
            (MailKind.RespondentDecision, _) => RespondentDecision(state, respondent!),
            (MailKind.LinkRenewal, Recipient.Respondent) => RespondentRenewal(state, respondent!),
            (MailKind.CommitteeRespondentReply, _) => RespondentReplied(state),
            (MailKind.ExecutiveAppeal, _) => ExecutiveAppeal(state),
            (MailKind.ComplainantMessage, _) => ComplainantMessage(stored),
            (MailKind.CommitteeMessage, _) => CommitteeMessage(state),
            (MailKind.NationalMessage, _) => organization?.ReferralEmail is { } ? NationalMessage(state, organization) : null,
            _ => throw new InvalidOperationException($"No recipient for {work.MailKind} to {work.Recipient} on {state.Reference}."),
        };
    }

    public string FollowUpUrl(string language) => $"{BaseUrl}/api/form?lang={Uri.EscapeDataString(language)}&view=follow-up";

    /// <summary>A national organization's link, bound to its current referral address.</summary>
    public string ReferralUrl(string reference, Organization organization) =>
        Link("referrals", reference, new LinkParty.National(organization.Id), organization.ReferralEmail!);

    /// <summary>The chair's link (the deputy's on a case about the chair), bound to that address, for <c>Links__Lifetime</c>.</summary>
    public string CommitteeUrl(CaseState state) =>
        Link("committee/cases", state.Reference, new LinkParty.Committee(), CommitteeRecipient(state.ChairConflict).Email);

    /// <summary>The workspace's dashboard (SPEC §11): it opens for a signed-in person only.</summary>
    public string WorkspaceUrl(string language) => $"{BaseUrl}/api/workspace?lang={Uri.EscapeDataString(language)}";

    /// <summary>A case's page in the workspace: no bearer token, it opens for a signed-in person who may see the case.</summary>
    public string WorkspaceCaseUrl(string reference, string language) =>
        $"{BaseUrl}/api/workspace/cases/{Uri.EscapeDataString(reference)}?lang={Uri.EscapeDataString(language)}";

    /// <summary>A committee member's link, bound to the member's roster address.</summary>
    public string MemberUrl(string reference, CommitteeMember member) =>
        Link("committee/members", reference, new LinkParty.Member(member.Id), member.Email);

    /// <summary>The Executive Committee's link, bound to <c>ExecutiveCommittee__Email</c>.</summary>
    public string ExecutiveUrl(string reference) => Link("executive/cases", reference, new LinkParty.Executive(), executive.Value.Email);

    /// <summary>The member complained about's link, bound to their directory address.</summary>
    public string RespondentUrl(string reference, Member respondent) => Link("respondents", reference, new LinkParty.Respondent(), respondent.Email!);

    /// <summary>A capability link under <c>/api/{route}/</c> for one party, bound to the address it is mailed to.</summary>
    private string Link(string route, string reference, LinkParty party, string address)
    {
        var now = clock.GetUtcNow();
        return $"{BaseUrl}/api/{route}/{tokens.Issue(reference, party, address, now, now + LinkLifetime)}";
    }

    /// <summary>The chair, or the deputy when the chair is the respondent.</summary>
    public (string Email, string? Name) CommitteeRecipient(bool chairConflict)
    {
        var (email, name, _) = committee.Value.Holder(chairConflict);
        return (email, name);
    }

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
        return new OutgoingMail(c.Email!, c.Anonymous ? null : c.Name, subject, html, text, MailKind.ComplainantAcknowledgement, reference);
    }

    private OutgoingMail Update(StoredCase stored)
    {
        var c = stored.Complaint.Complainant;
        var state = stored.Case.State;
        var lang = Texts.Resolve(c.Language);
        var reference = stored.Reference;
        var status = CaseWords.Status(lang, state.Status);
        var body = new MailBody(lang)
            .Paragraph(c.Name is { } name && !c.Anonymous ? Texts.Format(lang, "mail.update.greeting", name) : Texts.Get(lang, "mail.update.greetingAnonymous"));
        if (state.Status == CaseStatus.Decided)
        {
            body.Paragraph(Texts.Format(lang, "mail.update.decided", reference));
            if ((state.AppealStatement ?? state.DecisionStatement) is { } statement) body.Paragraph(Texts.Get(lang, "mail.update.statement")).Paragraph(statement);
        }
        else
        {
            body.Paragraph(Texts.Format(lang, "mail.update.noNews", reference, status));
        }
        body.Paragraph(Texts.Format(lang, "mail.update.followUp", FollowUpUrl(lang)));
        var subject = Texts.Format(lang, "mail.update.subject", reference);
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(c.Email!, c.Anonymous ? null : c.Name, subject, html, text, MailKind.ComplainantUpdate, reference);
    }

    private OutgoingMail Referral(StoredCase stored, MailKind kind, Organization organization)
    {
        var state = stored.Case.State;
        var lang = Texts.Resolve(organization.Language);
        var reminder = kind == MailKind.NationalReminder;
        var subject = Texts.Format(lang, reminder ? "mail.referral.reminderSubject" : "mail.referral.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.referral.greeting", organization.Name))
            .Paragraph(Texts.Format(lang, reminder ? "mail.referral.reminderBody" : "mail.referral.body", state.Reference))
            .Facts(
            [
                (Texts.Get(lang, "mail.referral.respondent"), stored.Complaint.Respondent.Name),
                (Texts.Get(lang, "mail.referral.received"), Dates.Day(lang, state.ReceivedAt)),
            ])
            .Paragraph(Texts.Get(lang, "mail.referral.process"))
            .Link(Texts.Get(lang, "mail.referral.link"), ReferralUrl(state.Reference, organization))
            .Paragraph(Texts.Get(lang, "mail.referral.confidential"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(organization.ReferralEmail!, organization.Name, subject, html, text, kind, state.Reference);
    }

    private OutgoingMail Committee(CaseState state, MailKind kind)
    {
        var lang = CommitteeLanguageOf(state.ChairConflict);
        string T(string key) => Texts.Get(lang, key);
        var (email, name) = CommitteeRecipient(state.ChairConflict);
        var reason = state.EscalationReason is { } why ? CaseWords.Escalation(lang, why) : null;
        var which = kind switch
        {
            MailKind.CommitteeUrgentAlert => "urgent",
            MailKind.CommitteeReminder => "reminder",
            _ => "escalation",
        };
        var subject = Texts.Format(lang, $"mail.committee.{which}.subject", state.Reference, reason);
        var body = new MailBody(lang)
            .Paragraph(T($"mail.committee.{which}.body"))
            .Facts(
            [
                (T("mail.committee.reference"), state.Reference),
                (T("mail.committee.status"), CaseWords.Status(lang, state.Status)),
                (T("mail.committee.reason"), reason ?? "—"),
                (T("mail.committee.urgent"), T(state.Urgent ? "page.yes" : "page.no")),
                (T("mail.committee.received"), Dates.Day(lang, state.ReceivedAt)),
                (T("mail.committee.nationalOutcome"), state.NationalOutcome is { } outcome ? CaseWords.Determination(lang, outcome) : "—"),
            ]);
        if (state.ChairConflict)
            body.Paragraph(T("mail.committee.deputy"));
        body.Link(T("mail.committee.link"), CommitteeUrl(state))
            .Paragraph(T("mail.committee.confidential"));
        var (html, text) = body.Render(subject, T("mail.footer"));
        return new OutgoingMail(email, name, subject, html, text, kind, state.Reference);
    }

    /// <summary><c>committee-assignment</c>: the member's link, in the member's language; nothing of the complaint itself.</summary>
    private OutgoingMail Assignment(CaseState state, CommitteeMember member)
    {
        var lang = Texts.Resolve(member.Language);
        var subject = Texts.Format(lang, "mail.assignment.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.assignment.greeting", member.Name))
            .Paragraph(Texts.Format(lang, "mail.assignment.body", state.Reference))
            .Link(Texts.Get(lang, "mail.assignment.link"), MemberUrl(state.Reference, member))
            .Paragraph(Texts.Get(lang, "mail.assignment.confidential"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(member.Email, member.Name, subject, html, text, MailKind.CommitteeAssignment, state.Reference);
    }

    /// <summary><c>committee-recusal</c> to whoever holds the committee's link, naming the member (by roster name when known).</summary>
    private OutgoingMail Recusal(CaseState state, string? memberId, CommitteeMember? member)
    {
        var (email, name) = CommitteeRecipient(state.ChairConflict);
        var lang = CommitteeLanguageOf(state.ChairConflict);
        var subject = Texts.Format(lang, "mail.recusal.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.recusal.body", state.Reference, member?.Name ?? memberId ?? "—"))
            .Link(Texts.Get(lang, "mail.recusal.link"), CommitteeUrl(state));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(email, name, subject, html, text, MailKind.CommitteeRecusal, state.Reference);
    }

    /// <summary><c>executive-recommendation</c> and <c>executive-reminder</c>: the recommendation, when the decision is due, and the Executive Committee's link.</summary>
    private OutgoingMail ExecutiveMail(CaseState state, MailKind kind)
    {
        var e = executive.Value;
        var lang = Texts.Resolve(e.Language);
        var reminder = kind == MailKind.ExecutiveReminder;
        var due = Dates.Day(lang, (state.RecommendedAt ?? state.UpdatedAt) + deadlines.Value.Decision);
        var subject = Texts.Format(lang, reminder ? "mail.executive.reminderSubject" : "mail.executive.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.executive.greeting", e.Name))
            .Paragraph(reminder ? Texts.Format(lang, "mail.executive.reminderBody", state.Reference, due) : Texts.Format(lang, "mail.executive.body", state.Reference))
            .Facts(
            [
                (Texts.Get(lang, "mail.executive.recommendation"), state.Recommendation is { } r ? Texts.Get(lang, "verdict." + r.ToApi()) : "—"),
                (Texts.Get(lang, "mail.executive.decideBy"), due),
            ])
            .Link(Texts.Get(lang, "mail.executive.link"), ExecutiveUrl(state.Reference))
            .Paragraph(Texts.Get(lang, "mail.executive.confidential"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(e.Email, e.Name, subject, html, text, kind, state.Reference);
    }

    /// <summary><c>national-decision</c>: the organization that had the case hears the decision (the verdict, not the statement written for the complainant).</summary>
    private OutgoingMail NationalDecision(CaseState state, Organization organization)
    {
        var lang = Texts.Resolve(organization.Language);
        var subject = Texts.Format(lang, "mail.nationalDecision.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.referral.greeting", organization.Name))
            .Paragraph(Texts.Format(lang, "mail.nationalDecision.body", state.Reference))
            .Facts(
            [
                (Texts.Get(lang, "mail.nationalDecision.decision"), state.Decision is { } d ? Texts.Get(lang, "verdict." + d.ToApi()) : "—"),
                (Texts.Get(lang, "mail.nationalDecision.decidedOn"), Dates.Day(lang, state.ClosedAt ?? state.UpdatedAt)),
            ])
            .Paragraph(Texts.Get(lang, "mail.nationalDecision.confidential"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(organization.ReferralEmail!, organization.Name, subject, html, text, MailKind.NationalDecision, state.Reference);
    }

    /// <summary>
    /// <c>respondent-notice</c> and <c>respondent-reminder</c>: that a complaint concerns the member,
    /// their right to answer and until when, and their link — written to a colleague, not a suspect,
    /// and carrying nothing of the complaint itself.
    /// </summary>
    private OutgoingMail RespondentNotice(CaseState state, RespondentContact respondent, MailKind kind)
    {
        var lang = Texts.Resolve(respondent.Language);
        var reminder = kind == MailKind.RespondentReminder;
        var due = Dates.At(lang, (state.RespondentNotifiedAt ?? clock.GetUtcNow()) + deadlines.Value.RespondentReply);
        var subject = Texts.Format(lang, reminder ? "mail.respondent.reminderSubject" : "mail.respondent.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.respondent.greeting", respondent.Member.FullName))
            .Paragraph(Texts.Format(lang, reminder ? "mail.respondent.reminderBody" : "mail.respondent.body", state.Reference, due));
        if (!reminder) body.Paragraph(Texts.Get(lang, "mail.respondent.nothingDecided"));
        body.Link(Texts.Get(lang, "mail.respondent.link"), RespondentUrl(state.Reference, respondent.Member))
            .Paragraph(Texts.Get(lang, "mail.respondent.confidential"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(respondent.Member.Email!, respondent.Member.FullName, subject, html, text, kind, state.Reference);
    }

    /// <summary><c>respondent-decision</c>: the decision (after an appeal, the final one) and, for a sanction, until when it can be appealed.</summary>
    private OutgoingMail RespondentDecision(CaseState state, RespondentContact respondent)
    {
        var lang = Texts.Resolve(respondent.Language);
        var subject = Texts.Format(lang, "mail.respondentDecision.subject", state.Reference);
        var decision = state.Decision ?? Verdict.NotJustified;
        var appealWindow = deadlines.Value.Appeal;
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.respondent.greeting", respondent.Member.FullName))
            .Paragraph(Texts.Format(lang, "mail.respondentDecision.body", state.Reference))
            .Facts([(Texts.Get(lang, "mail.nationalDecision.decision"), Texts.Get(lang, "verdict." + decision.ToApi()))])
            .Paragraph(state.AppealOutcome is not null ? Texts.Get(lang, "mail.respondentDecision.final")
                : decision.IsAdverse() && appealWindow > TimeSpan.Zero ? Texts.Format(lang, "mail.respondentDecision.appeal", Dates.At(lang, (state.DecidedAt ?? clock.GetUtcNow()) + appealWindow))
                : Texts.Get(lang, "mail.respondentDecision.noAppeal"))
            .Link(Texts.Get(lang, "mail.respondent.link"), RespondentUrl(state.Reference, respondent.Member))
            .Paragraph(Texts.Get(lang, "mail.respondent.confidential"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(respondent.Member.Email!, respondent.Member.FullName, subject, html, text, MailKind.RespondentDecision, state.Reference);
    }

    private OutgoingMail RespondentRenewal(CaseState state, RespondentContact respondent)
    {
        var lang = Texts.Resolve(respondent.Language);
        return Renewal(lang, state.Reference, Texts.Format(lang, "mail.respondent.greeting", respondent.Member.FullName),
            RespondentUrl(state.Reference, respondent.Member), respondent.Member.Email!, respondent.Member.FullName);
    }

    /// <summary><c>committee-respondent-reply</c>: that the member replied; the reply itself stays behind the link.</summary>
    private OutgoingMail RespondentReplied(CaseState state)
    {
        var (email, name) = CommitteeRecipient(state.ChairConflict);
        var lang = CommitteeLanguageOf(state.ChairConflict);
        var subject = Texts.Format(lang, "mail.respondentReply.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.respondentReply.body", state.Reference))
            .Link(Texts.Get(lang, "mail.recusal.link"), CommitteeUrl(state));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(email, name, subject, html, text, MailKind.CommitteeRespondentReply, state.Reference);
    }

    /// <summary><c>executive-appeal</c>: that the member appealed, when the appeal's decision is due, and the Executive Committee's link.</summary>
    private OutgoingMail ExecutiveAppeal(CaseState state)
    {
        var e = executive.Value;
        var lang = Texts.Resolve(e.Language);
        var subject = Texts.Format(lang, "mail.executiveAppeal.subject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.executive.greeting", e.Name))
            .Paragraph(Texts.Format(lang, "mail.executiveAppeal.body", state.Reference, Dates.At(lang, (state.AppealedAt ?? clock.GetUtcNow()) + deadlines.Value.AppealDecision)))
            .Link(Texts.Get(lang, "mail.executiveAppeal.link"), ExecutiveUrl(state.Reference))
            .Paragraph(Texts.Get(lang, "mail.executive.confidential"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(e.Email, e.Name, subject, html, text, MailKind.ExecutiveAppeal, state.Reference);
    }

    /// <summary><c>complainant-message</c>: that a message waits behind the follow-up page, never what it says (the code is not in it either).</summary>
    private OutgoingMail ComplainantMessage(StoredCase stored)
    {
        var c = stored.Complaint.Complainant;
        var lang = Texts.Resolve(c.Language);
        var subject = Texts.Format(lang, "mail.message.complainantSubject", stored.Reference);
        var body = new MailBody(lang)
            .Paragraph(c.Name is { } name && !c.Anonymous ? Texts.Format(lang, "mail.update.greeting", name) : Texts.Get(lang, "mail.update.greetingAnonymous"))
            .Paragraph(Texts.Format(lang, "mail.message.complainantBody", stored.Reference))
            .Link(Texts.Get(lang, "mail.message.complainantLink"), FollowUpUrl(lang));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(c.Email!, c.Anonymous ? null : c.Name, subject, html, text, MailKind.ComplainantMessage, stored.Reference);
    }

    /// <summary><c>committee-message</c>: the complainant wrote; the message is on the case page.</summary>
    private OutgoingMail CommitteeMessage(CaseState state)
    {
        var (email, name) = CommitteeRecipient(state.ChairConflict);
        var lang = CommitteeLanguageOf(state.ChairConflict);
        var subject = Texts.Format(lang, "mail.message.committeeSubject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.message.committeeBody", state.Reference))
            .Link(Texts.Get(lang, "mail.recusal.link"), CommitteeUrl(state));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(email, name, subject, html, text, MailKind.CommitteeMessage, state.Reference);
    }

    /// <summary><c>national-message</c>: the complainant wrote to the organization holding the case.</summary>
    private OutgoingMail NationalMessage(CaseState state, Organization organization)
    {
        var lang = Texts.Resolve(organization.Language);
        var subject = Texts.Format(lang, "mail.message.committeeSubject", state.Reference);
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.referral.greeting", organization.Name))
            .Paragraph(Texts.Format(lang, "mail.message.committeeBody", state.Reference))
            .Link(Texts.Get(lang, "mail.referral.link"), ReferralUrl(state.Reference, organization));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(organization.ReferralEmail!, organization.Name, subject, html, text, MailKind.NationalMessage, state.Reference);
    }

    private OutgoingMail MemberRenewal(CaseState state, CommitteeMember member)
    {
        var lang = Texts.Resolve(member.Language);
        return Renewal(lang, state.Reference, Texts.Format(lang, "mail.assignment.greeting", member.Name), MemberUrl(state.Reference, member), member.Email, member.Name);
    }

    private OutgoingMail ExecutiveRenewal(CaseState state)
    {
        var e = executive.Value;
        var lang = Texts.Resolve(e.Language);
        return Renewal(lang, state.Reference, Texts.Format(lang, "mail.executive.greeting", e.Name), ExecutiveUrl(state.Reference), e.Email, e.Name);
    }

    private OutgoingMail NationalRenewal(CaseState state, Organization organization)
    {
        var lang = Texts.Resolve(organization.Language);
        var url = ReferralUrl(state.Reference, organization);
        return Renewal(lang, state.Reference, Texts.Format(lang, "mail.referral.greeting", organization.Name), url, organization.ReferralEmail!, organization.Name);
    }

    private OutgoingMail CommitteeRenewal(CaseState state)
    {
        var lang = CommitteeLanguageOf(state.ChairConflict);
        var (email, name) = CommitteeRecipient(state.ChairConflict);
        return Renewal(lang, state.Reference, Texts.Get(lang, "mail.renewal.greeting"), CommitteeUrl(state), email, name);
    }

    private OutgoingMail Renewal(string lang, string reference, string greeting, string url, string email, string? name)
    {
        var until = Dates.At(lang, clock.GetUtcNow() + LinkLifetime);
        var subject = Texts.Format(lang, "mail.renewal.subject", reference);
        var body = new MailBody(lang)
            .Paragraph(greeting)
            .Paragraph(Texts.Format(lang, "mail.renewal.body", reference, until))
            .Link(Texts.Get(lang, "mail.renewal.link"), url)
            .Paragraph(Texts.Get(lang, "mail.renewal.ignore"));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(email, name, subject, html, text, MailKind.LinkRenewal, reference);
    }

    /// <summary>
    /// <c>delivery-failure-alert</c>: which mail (kind, case) to whom could not be delivered, what the
    /// receiving server said, and what to do; in <see cref="CommitteeLanguageOf"/>, like every mail to the chair.
    /// The kind, the event and the server's words are shown as SendGrid reported them.
    /// </summary>
    private OutgoingMail FailureAlert(CaseState state, Delivery.DeliveryFailure? failure)
    {
        var lang = CommitteeLanguageOf(state.ChairConflict);
        var (email, name) = CommitteeRecipient(state.ChairConflict);
        var kind = failure?.Kind ?? Texts.Get(lang, "mail.alert.unknown");
        var notReported = Texts.Get(lang, "mail.alert.notReported");
        var subject = Texts.Format(lang, "mail.alert.subject", kind, state.Reference);
        ApiNames<MailKind>.TryParse(failure?.Kind, out var failed);
        var national = failure is not null && (failed is MailKind.NationalReferral or MailKind.NationalReminder
            || (failed == MailKind.LinkRenewal && failure.Recipient is { } r && !IsCommitteeAddress(r)));
        var body = new MailBody(lang)
            .Paragraph(Texts.Format(lang, "mail.alert.body", state.Reference))
            .Facts(
            [
                (Texts.Get(lang, "mail.alert.mail"), kind),
                (Texts.Get(lang, "mail.alert.case"), state.Reference),
                (Texts.Get(lang, "mail.alert.sentTo"), failure?.Recipient ?? notReported),
                (Texts.Get(lang, "mail.alert.event"), failure?.Event ?? notReported),
                (Texts.Get(lang, "mail.alert.reason"), failure?.Reason ?? Texts.Get(lang, "mail.alert.nothing")),
                (Texts.Get(lang, "mail.alert.when"), failure is null ? "—" : Dates.Moment(lang, failure.At)),
            ])
            .Paragraph(Texts.Get(lang, "mail.alert.whatToDo"))
            .Paragraph(national
                ? Texts.Format(lang, "mail.alert.national", state.NationalOrganizationId ?? "—")
                : Texts.Get(lang, "mail.alert.committee"));
        if (state.ChairConflict)
            body.Paragraph(Texts.Get(lang, "mail.alert.deputy"));
        body.Link(Texts.Get(lang, "mail.alert.link"), CommitteeUrl(state));
        var (html, text) = body.Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(email, name, subject, html, text, MailKind.DeliveryFailureAlert, state.Reference);
    }

    private bool IsCommitteeAddress(string address) =>
        string.Equals(address.Trim(), committee.Value.ChairEmail, StringComparison.OrdinalIgnoreCase)
        || string.Equals(address.Trim(), committee.Value.DeputyEmail, StringComparison.OrdinalIgnoreCase);

    /// <summary>Section numbers with their titles, for pages that show the allegation.</summary>
    public static string DescribeSections(IEnumerable<string> sections) =>
        string.Join("; ", sections.Select(s => GuidelineCatalogue.Find(s) is { } g ? $"{g.Number} {g.Title}" : s));
}

/// <summary>The member complained about, as the directory knows them, and the language of their organization.</summary>
public sealed record RespondentContact(Member Member, string Language);

/// <summary>Who a mail step may go to, looked up by the sender for the step's recipient.</summary>
public sealed record MailParties(Organization? Organization = null, CommitteeMember? Member = null, RespondentContact? Respondent = null);
