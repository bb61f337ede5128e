namespace ComplaintRouting.Intake;

public enum Relationship
{
    Patient,
    Relative,
    Colleague,
    Trainee,
    Other,
}

/// <summary>A complaint as submitted and validated (SPEC §5 body). Stored encrypted, never logged.</summary>
public sealed record Complaint(ComplainantDetails Complainant, RespondentDetails Respondent, AllegationDetails Allegation)
{
    public bool IsUrgent => Allegation.OngoingRisk || Allegation.Sections.Any(Guidelines.GuidelineCatalogue.UrgentSections.Contains);
}

public sealed record ComplainantDetails(string? Name, string? Email, string? Phone, Relationship Relationship, bool Anonymous, string Language);

public sealed record RespondentDetails(string Name, string? MembershipNumber, string? Email, string CountryOfPractice);

public sealed record AllegationDetails(IReadOnlyList<string> Sections, string Summary, DateOnly? OccurredFrom, DateOnly? OccurredTo, bool OngoingRisk);
