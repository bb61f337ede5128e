using System.ComponentModel.DataAnnotations;

namespace ComplaintRouting.Options;

// Validated at start-up by SettingsValidator: [Required] without a SettingDefaults entry means the
// setting has no default and must be given (AppSettings.Required); a key format is parsed there too.

/// <summary>The sender (SPEC §7 <c>SendGrid__*</c>).</summary>
public sealed class SendGridOptions
{
    [Required] public string ApiKey { get; set; } = "";
    [Required, EmailAddress] public string FromEmail { get; set; } = "";
    public string FromName { get; set; } = "";
    [Required, Url] public string Host { get; set; } = "";

    /// <summary>Verifies the Event Webhook's posts; without it no bounce would ever reach the chair, so it is required.</summary>
    [Required, EventWebhookKey] public string EventWebhookPublicKey { get; set; } = "";

    /// <summary>How long one send may take before it is given up and retried later (it must stay well under <c>Schedules__RedriveAfter</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")] public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The committee (SPEC §7 <c>Committee__*</c>).</summary>
public sealed class CommitteeOptions
{
    [Required, EmailAddress] public string ChairEmail { get; set; } = "";

    /// <summary>The chair's full name: greets the chair and recognises a complaint about the chair (SPEC §3.4).</summary>
    [Required] public string ChairName { get; set; } = "";

    /// <summary>Recognises a complaint about the chair by membership number (SPEC §3.4).</summary>
    [Required] public string ChairMembershipNumber { get; set; } = "";
    [Required, EmailAddress] public string DeputyEmail { get; set; } = "";

    /// <summary>The language of every page and mail the chair reads (SPEC §12).</summary>
    [Required, LanguageTag] public string ChairLanguage { get; set; } = "";

    /// <summary>The language of every page and mail the deputy reads.</summary>
    [Required, LanguageTag] public string DeputyLanguage { get; set; } = "";

    public Routing.ChairIdentity Chair => new(ChairName, ChairMembershipNumber);

    /// <summary>Who holds the committee's link on a case: the deputy when the chair is the respondent (SPEC §3.4).</summary>
    public (string Email, string? Name, string Language) Holder(bool chairConflict) =>
        chairConflict ? (DeputyEmail, null, DeputyLanguage) : (ChairEmail, ChairName, ChairLanguage);
}

/// <summary>The Executive Committee, which decides on the committee's recommendation (SPEC §7, §9 <c>ExecutiveCommittee__*</c>).</summary>
public sealed class ExecutiveCommitteeOptions
{
    [Required, EmailAddress] public string Email { get; set; } = "";
    [Required] public string Name { get; set; } = "";
    [Required, LanguageTag] public string Language { get; set; } = "";
}

/// <summary>A language tag such as <c>en</c>, <c>fr</c> or <c>pt-BR</c>.</summary>
public sealed class LanguageTagAttribute() : RegularExpressionAttribute("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
{
    public override string FormatErrorMessage(string name) => "it must be a language tag such as en, fr or pt-BR.";
}

/// <summary>Capability links (SPEC §5, §7 <c>Links__*</c>).</summary>
public sealed class LinksOptions
{
    [Required, Url] public string PublicBaseUrl { get; set; } = "";

    /// <summary>Base64, at least 32 bytes. Signs every link.</summary>
    [Required, Base64Key(MinBytes = 32)] public string SigningKey { get; set; } = "";

    /// <summary>A key for one other purpose, derived from the signing key, so no purpose's MAC can stand for another's.</summary>
    public byte[] DeriveKey(string purpose) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(purpose + "|" + SigningKey));

    /// <summary>Comma-separated base64 keys that still verify links (rotation).</summary>
    [Base64KeyList(MinBytes = 32)] public string? PreviousSigningKeys { get; set; }

    /// <summary>How long a link sent by mail works before its holder must ask for a fresh one (SPEC §11).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")] public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Key for data at rest (SPEC §7 <c>Encryption__*</c>).</summary>
public sealed class EncryptionOptions : IValidatableObject
{
    /// <summary>Base64 of 32 bytes (AES-256-GCM).</summary>
    [Required, Base64Key(Bytes = 32)] public string Key { get; set; } = "";
    [Required, RegularExpression(KeyIdPairListAttribute.KeyIdPattern, ErrorMessage = "it must be 1-32 letters, digits, '.', '_' or '-'.")]
    public string KeyId { get; set; } = "";

    /// <summary>Older keys kept for reading: <c>keyId:base64,keyId:base64</c>.</summary>
    [KeyIdPairList(Bytes = 32)] public string? PreviousKeys { get; set; }

    /// <summary>A previous key under the current id could never open what it sealed: the new key needs a new id.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(PreviousKeys) || new KeyIdPairListAttribute().Problem(PreviousKeys) is not null) yield break;
        if (Base64KeyListAttribute.Split(PreviousKeys).Any(e => e[..e.IndexOf(':')] == KeyId))
            yield return new ValidationResult($"Setting 'Encryption__PreviousKeys' repeats the current Encryption__KeyId '{KeyId}': give the new key a new id and keep the old one under its old id.");
    }
}

/// <summary>The chair's workspace (SPEC §11 <c>Workspace__*</c>).</summary>
public sealed class WorkspaceOptions : IValidatableObject
{
    /// <summary><c>email</c>: one-time links by mail; <c>entra</c>: App Service Authentication in front of the app.</summary>
    [RegularExpression("^(email|entra)$", ErrorMessage = "It must be email or entra.")] public string SignIn { get; set; } = "email";

    public bool Entra => SignIn == "entra";

    /// <summary>
    /// Whether App Service Authentication stands in front of the app: the platform's own
    /// <c>WEBSITE_AUTH_ENABLED</c> (the Functions host reads the same variable before it trusts a
    /// principal header), not a setting of this section.
    /// </summary>
    public bool PlatformAuthenticates { get; internal set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Entra && !PlatformAuthenticates)
            yield return new ValidationResult("Setting 'Workspace__SignIn' is 'entra' but App Service Authentication is off (WEBSITE_AUTH_ENABLED is not true): without it anyone could send the principal header. Deploy with workspaceEntraClientId, or use email.");
    }
}

/// <summary>Evidence limits (SPEC §7 <c>Attachments__*</c>, §10).</summary>
public sealed class AttachmentOptions
{
    /// <summary>One file, in bytes.</summary>
    [Range(1, 200L * 1024 * 1024)] public long MaxBytes { get; set; } = 10 * 1024 * 1024;
    [Range(1, 1000)] public int MaxPerCase { get; set; } = 20;
    /// <summary>All of a case's files together, in bytes.</summary>
    [Range(1, 10L * 1024 * 1024 * 1024)] public long MaxCaseBytes { get; set; } = 50 * 1024 * 1024;

    public Evidence.AttachmentLimits Limits => new(MaxBytes, MaxPerCase, MaxCaseBytes);
}

/// <summary>Intake (SPEC §7 <c>Intake__*</c>).</summary>
public sealed class IntakeOptions : IValidatableObject
{
    /// <summary>Comma- or space-separated origins allowed to embed the form and post to it.</summary>
    public string? AllowedOrigins { get; set; }
    [Range(1, 100_000)] public int SubmissionsPerClientPerHour { get; set; } = 10;
    [Range(1, 100_000)] public int AcknowledgementsPerAddressPerDay { get; set; } = 3;
    /// <summary>No-script submissions without a proof of work, all clients together, per hour.</summary>
    [Range(1, 100_000)] public int UnprovenSubmissionsPerHour { get; set; } = 30;
    /// <summary>Leading zero bits of a proof of work (each one doubles the work); 0 asks for none.</summary>
    [Range(0, 28)] public int ProofOfWorkBits { get; set; } = 16;

    public IReadOnlyList<string> Origins =>
        (AllowedOrigins ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Each origin is what a browser sends in <c>Origin</c>: <c>https://host[:port]</c>, nothing
    /// after it. A wildcard or a bare host would let any site frame the form or read its answers;
    /// plain http is allowed only on the loopback address, for a site tried on this machine.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in Origins)
            if (OriginProblem(origin) is { } problem)
                yield return new ValidationResult($"Setting 'Intake__AllowedOrigins' has '{origin}': {problem} Write each origin as https://host or https://host:port.");
    }

    public static string? OriginProblem(string origin)
    {
        if (origin.Contains('*')) return "a wildcard would admit any site.";
        if (!Uri.TryCreate(origin.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown) return "it is not an absolute address.";
        if (uri.UserInfo.Length > 0 || uri.PathAndQuery != "/" || uri.Fragment.Length > 0) return "an origin has no user, path, query or fragment.";
        if (uri.Scheme == Uri.UriSchemeHttps) return null;
        if (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback) return null;
        return uri.Scheme == Uri.UriSchemeHttp ? "plain http is allowed only for localhost." : "only https origins can embed the form.";
    }
}
