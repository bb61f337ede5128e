namespace ComplaintRouting.Guidelines;

/// <summary>A chapter of the guidelines and the standards in it that a complaint can allege were broken.</summary>
public sealed record GuidelineChapter(int Number, string Title, IReadOnlyList<GuidelineSection> Sections);

/// <summary>One numbered standard, with a short plain-language title written for this product.</summary>
public sealed record GuidelineSection(string Number, string Title);

/// <summary>
/// The numbered standards 1.0–9.2 of the association's ethical guidelines, summarised in our own
/// words. This is the one list that validation, the form and the mails use.
/// </summary>
public static class GuidelineCatalogue
{
    public static IReadOnlyList<GuidelineChapter> Chapters { get; } =
    [
        Chapter(1, "General principles",
            ("1.0", "Abusing the trust and privilege of the therapist's position"),
            ("1.1", "Disregard for human rights, welfare or democratic freedoms"),
            ("1.2", "Taking part in or witnessing torture, or misusing what a person disclosed"),
            ("1.3", "Supporting, training for or enabling torture"),
            ("1.4", "Running groups in humiliating or degrading conditions"),
            ("1.5", "Intolerance, or failing to seek fair solutions to conflict"),
            ("1.6", "Failing to accommodate patients with disabilities"),
            ("1.7", "Imposing personal, political or religious convictions on patients"),
            ("1.8", "Discrimination or exploitation (age, gender, race, orientation, belief…)")),
        Chapter(2, "How treatment is set up",
            ("2.0", "Not being open about the aims and methods of treatment"),
            ("2.1", "Recommending group treatment where it was not suitable"),
            ("2.2", "Keeping a patient in a group longer than it helped them"),
            ("2.3", "Starting treatment without information or informed consent"),
            ("2.4", "Charging for missed sessions without prior agreement"),
            ("2.5", "Not advising medical help when a physical cause was suspected"),
            ("2.6", "No cover for patients while the therapist was unavailable"),
            ("2.7", "Practising while unfit through ill health"),
            ("2.8", "No plan for patients if the therapist had to stop suddenly")),
        Chapter(3, "Confidentiality",
            ("3.0", "Not keeping patients' information in confidence"),
            ("3.1", "Failing to safeguard information from the therapy relationship"),
            ("3.2", "Breaking confidentiality without a risk of serious harm to justify it"),
            ("3.3", "Disclosure handled without regard to the law"),
            ("3.4", "Not explaining the limits of confidentiality, or sharing notes without permission"),
            ("3.5", "Contacting relatives or others without the patient's consent"),
            ("3.6", "Mishandling information obtained from third parties"),
            ("3.7", "Revealing who a former patient is"),
            ("3.8", "Not acting when a group member broke another's confidence"),
            ("3.9", "Misusing the duty to warn about a threat of serious harm")),
        Chapter(4, "The treatment relationship",
            ("4.0", "Using treatment for the therapist's own benefit, sexually or financially"),
            ("4.1", "A sexual or romantic relationship with a patient"),
            ("4.2", "A relationship with a former patient without proper consultation"),
            ("4.3", "Other relationships or contact with a patient outside therapy"),
            ("4.4", "Paying or receiving a commission for referrals"),
            ("4.5", "Money dealings with a patient beyond fees, such as loans")),
        Chapter(5, "Research",
            ("5.0", "Neglecting research in the field"),
            ("5.1", "Research that risked serious harm or lacked ethical review"),
            ("5.2", "Research without full information and written consent"),
            ("5.3", "Not letting a participant withdraw from research"),
            ("5.4", "Refusing to stop using someone's recordings"),
            ("5.5", "Publishing or presenting case material that identifies a patient"),
            ("5.6", "Not contributing to knowledge in the field")),
        Chapter(6, "Training and supervision",
            ("6.0", "Practising without group psychotherapy training or supervision"),
            ("6.1", "Training lacking theory, personal therapy or supervised practice"),
            ("6.2", "Teaching or supervision by people not competent to give it"),
            ("6.3", "Training below national or international standards"),
            ("6.4", "A training organisation that is poorly led or unsupportive"),
            ("6.5", "Personal therapy in training given without proper competence"),
            ("6.6", "Training groups ignoring the rules on suitability, confidentiality or boundaries"),
            ("6.7", "Careless selection of training candidates"),
            ("6.8", "A supervisor or teacher exploiting a supervisee or student"),
            ("6.9", "Breaking confidentiality in supervision"),
            ("6.10", "A supervisor not voicing serious reservations about a supervisee"),
            ("6.11", "Working beyond one's competence without consulting or referring"),
            ("6.12", "False or misleading claims about qualifications")),
        Chapter(7, "Continuing education",
            ("7.0", "Not keeping professional knowledge up to date"),
            ("7.1", "Not taking part in continuing education")),
        Chapter(8, "Relationships with colleagues",
            ("8.0", "Disrespect for colleagues or for ethical standards in the profession"),
            ("8.1", "Untrue or improper advertising or announcements"),
            ("8.2", "Undermining a colleague's treatment of a patient"),
            ("8.3", "Not coordinating with a patient's other practitioner"),
            ("8.4", "Damaging a colleague's reputation without evidence"),
            ("8.5", "Not raising known misconduct of a colleague with peers"),
            ("8.6", "Not telling a patient how to pursue a complaint of misconduct"),
            ("8.7", "Ignoring a colleague's ill health that endangers patients"),
            ("8.8", "Neglecting one's discipline or professional organisation"),
            ("8.9", "Not helping one's organisations to work well"),
            ("8.10", "Leaving conflicts between organisations unresolved"),
            ("8.11", "Not reporting ethical violations to the proper bodies"),
            ("8.12", "Co-therapy below the standards of the field")),
        Chapter(9, "Social issues",
            ("9.0", "Neglecting community issues within one's expertise"),
            ("9.1", "Uninformed contributions to public debate"),
            ("9.2", "Presenting personal opinions as professional expertise")),
    ];

    /// <summary>Sections whose allegation alerts the chair at once (SPEC §3.5): torture, degrading treatment, sexual relationships.</summary>
    public static IReadOnlySet<string> UrgentSections { get; } = new HashSet<string>(StringComparer.Ordinal) { "1.2", "1.3", "1.4", "4.1" };

    private static readonly Dictionary<string, GuidelineSection> BySection =
        Chapters.SelectMany(c => c.Sections).ToDictionary(s => s.Number, StringComparer.Ordinal);

    public static bool Exists(string number) => BySection.ContainsKey(number);

    public static GuidelineSection? Find(string number) => BySection.GetValueOrDefault(number);

    private static GuidelineChapter Chapter(int number, string title, params (string Number, string Title)[] sections) =>
        new(number, title, sections.Select(s => new GuidelineSection(s.Number, s.Title)).ToArray());
}
