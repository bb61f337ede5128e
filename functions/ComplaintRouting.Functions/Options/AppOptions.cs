using System.ComponentModel.DataAnnotations;

namespace ComplaintRouting.Options;

/// <summary>The sender (SPEC §7 <c>SendGrid__*</c>).</summary>
public sealed class SendGridOptions
{
    [Required] public string ApiKey { get; set; } = "";
    [Required, EmailAddress] public string FromEmail { get; set; } = "";
    public string FromName { get; set; } = "Ethics Committee";
    [Required, Url] public string Host { get; set; } = "https://api.sendgrid.com";
    public string? EventWebhookPublicKey { get; set; }

    /// <summary>How long one send may take before it is given up and retried later (it must stay well under <c>Schedules__RedriveAfter</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")] public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The committee (SPEC §7 <c>Committee__*</c>).</summary>
public sealed class CommitteeOptions
{
    [Required, EmailAddress] public string ChairEmail { get; set; } = "";
    public string ChairName { get; set; } = "Chair of the Ethics Committee";
    public string? ChairMembershipNumber { get; set; }
    [Required, EmailAddress] public string DeputyEmail { get; set; } = "";
}

/// <summary>Capability links (SPEC §5, §7 <c>Links__*</c>).</summary>
public sealed class LinksOptions
{
    [Required, Url] public string PublicBaseUrl { get; set; } = "";

    /// <summary>Base64, at least 32 bytes. Signs every link.</summary>
    [Required, MinLength(44)] public string SigningKey { get; set; } = "";

    /// <summary>Comma-separated base64 keys that still verify links (rotation).</summary>
    public string? PreviousSigningKeys { get; set; }
}

/// <summary>Key for data at rest (SPEC §7 <c>Encryption__*</c>).</summary>
public sealed class EncryptionOptions
{
    /// <summary>Base64 of 32 bytes (AES-256-GCM).</summary>
    [Required, MinLength(44)] public string Key { get; set; } = "";
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,32}$")] public string KeyId { get; set; } = "";

    /// <summary>Older keys kept for reading: <c>keyId:base64,keyId:base64</c>.</summary>
    public string? PreviousKeys { get; set; }
}

/// <summary>Intake (SPEC §7 <c>Intake__*</c>).</summary>
public sealed class IntakeOptions
{
    /// <summary>Comma- or space-separated origins allowed to embed the form and post to it.</summary>
    public string? AllowedOrigins { get; set; }
    [Range(1, 100_000)] public int SubmissionsPerClientPerHour { get; set; } = 10;

    public IReadOnlyList<string> Origins =>
        (AllowedOrigins ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
