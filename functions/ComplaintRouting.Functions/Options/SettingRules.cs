using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;
using SendGrid.Helpers.EventWebhook;

namespace ComplaintRouting.Options;

/// <summary>
/// The settings the options classes bind, by section, and which of them must be given: a
/// <see cref="RequiredAttribute"/> property with no value in <see cref="SettingDefaults"/>. Tests
/// hold infra/, the local runner's development values and local.settings.example.json to this list.
/// </summary>
public static class AppSettings
{
    public static IReadOnlyList<(Type Options, string Section)> Sections { get; } =
    [
        (typeof(SendGridOptions), "SendGrid"),
        (typeof(CommitteeOptions), "Committee"),
        (typeof(ExecutiveCommitteeOptions), "ExecutiveCommittee"),
        (typeof(LinksOptions), "Links"),
        (typeof(EncryptionOptions), "Encryption"),
        (typeof(IntakeOptions), "Intake"),
    ];

    /// <summary>Settings with no default that stop the app at start-up when missing, as written in the environment (<c>Committee__ChairName</c>).</summary>
    public static IReadOnlyList<string> Required { get; } = Sections
        .SelectMany(s => s.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null && !SettingDefaults.Values.ContainsKey($"{s.Section}:{p.Name}"))
            .Select(p => $"{s.Section}__{p.Name}"))
        .ToArray();
}

/// <summary>
/// Start-up validation of one options class that names each failing setting as it is written in
/// the environment (<c>Links__SigningKey</c>) and says what it must be. A key's value is never
/// repeated in the message, only its length.
/// </summary>
public sealed class SettingsValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var setting = $"{section}__{property.Name}";
            var value = property.GetValue(options);
            var format = property.GetCustomAttribute<KeyFormatAttribute>();
            var missing = value is null || value is string text && string.IsNullOrWhiteSpace(text);
            if (missing && property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                failures.Add($"Setting '{setting}' is missing: it has no default and must be set{(format is null ? "" : $" to {format.Expected}")}.");
                continue;
            }
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>().Where(a => a is not RequiredAttribute))
            {
                if (attribute.GetValidationResult(value, new ValidationContext(options) { MemberName = property.Name, DisplayName = setting }) is not { } failed) continue;
                failures.Add(attribute is KeyFormatAttribute
                    ? failed.ErrorMessage!
                    : $"Setting '{setting}' is '{value}': {failed.ErrorMessage}");
            }
        }
        if (options is IValidatableObject whole)
            failures.AddRange(whole.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// A key setting, parsed at start-up: the message names the setting and what a key must be, and
/// never repeats the value. The services that use the key parse it with the same <see cref="Parse"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public abstract class KeyFormatAttribute : ValidationAttribute
{
    /// <summary>What a valid value is, for the message ("the base64 of at least 32 random bytes ...").</summary>
    public abstract string Expected { get; }

    /// <summary>Null when <paramref name="value"/> is well formed, otherwise what is wrong with it (no part of the value).</summary>
    public abstract string? Problem(string value);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text)) return ValidationResult.Success;
        return Problem(text) is { } problem
            ? new ValidationResult($"Setting '{validationContext.DisplayName}' is malformed ({problem}): it must be {Expected}.")
            : ValidationResult.Success;
    }

    /// <summary>Decodes base64 or explains why not, in words that never include the value.</summary>
    public static string? Decode(string value, out byte[] bytes)
    {
        bytes = [];
        try
        {
            bytes = Convert.FromBase64String(value.Trim());
            return null;
        }
        catch (FormatException)
        {
            return $"{value.Length} characters that are not valid base64";
        }
    }
}

/// <summary>Base64 of at least <see cref="MinBytes"/> bytes, or exactly <see cref="Bytes"/>.</summary>
public sealed class Base64KeyAttribute : KeyFormatAttribute
{
    public int MinBytes { get; init; }
    public int Bytes { get; init; }

    public override string Expected => Bytes > 0
        ? $"the base64 of exactly {Bytes} random bytes ({4 * ((Bytes + 2) / 3)} characters; `openssl rand -base64 {Bytes}` makes one)"
        : $"the base64 of at least {MinBytes} random bytes (at least {4 * ((MinBytes + 2) / 3)} characters; `openssl rand -base64 {MinBytes}` makes one)";

    public override string? Problem(string value) => Check(value, out _);

    /// <summary>Null and the key when well formed, otherwise what is wrong.</summary>
    public string? Check(string value, out byte[] key)
    {
        if (Decode(value, out key) is { } notBase64) return notBase64;
        if (Bytes > 0 && key.Length != Bytes) return $"{value.Trim().Length} characters, {key.Length} bytes";
        if (key.Length < MinBytes) return $"{value.Trim().Length} characters, only {key.Length} bytes";
        return null;
    }

    /// <summary>The key, for the service that uses it; throws with the same message start-up gives.</summary>
    public byte[] Parse(string value, string setting) => Check(value, out var key) is { } problem
        ? throw new InvalidOperationException($"Setting '{setting}' is malformed ({problem}): it must be {Expected}.")
        : key;
}

/// <summary>Comma-separated base64 keys of at least <see cref="MinBytes"/> bytes (older link-signing keys).</summary>
public sealed class Base64KeyListAttribute : KeyFormatAttribute
{
    public int MinBytes { get; init; }
    private Base64KeyAttribute Each => new() { MinBytes = MinBytes };

    public override string Expected => $"comma-separated keys, each {Each.Expected}";

    public override string? Problem(string value) => Split(value)
        .Select((key, i) => Each.Problem(key) is { } problem ? $"key {i + 1}: {problem}" : null)
        .FirstOrDefault(p => p is not null);

    public static string[] Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public byte[][] Parse(string? value, string setting) => Split(value).Select(k => Each.Parse(k, setting)).ToArray();
}

/// <summary>Comma-separated <c>keyId:base64</c> pairs, each key exactly <see cref="Bytes"/> bytes (older encryption keys).</summary>
public sealed class KeyIdPairListAttribute : KeyFormatAttribute
{
    public const string KeyIdPattern = "^[A-Za-z0-9._-]{1,32}$";
    public int Bytes { get; init; }
    private Base64KeyAttribute Each => new() { Bytes = Bytes };

    public override string Expected =>
        $"comma-separated keyId:key pairs, each keyId 1-32 letters, digits, '.', '_' or '-' and each key {Each.Expected}; e.g. key-1:<old key>";

    public override string? Problem(string value)
    {
        var entries = Base64KeyListAttribute.Split(value);
        for (var i = 0; i < entries.Length; i++)
        {
            var colon = entries[i].IndexOf(':');
            if (colon <= 0) return $"entry {i + 1} has no 'keyId:' in front of its key";
            if (!System.Text.RegularExpressions.Regex.IsMatch(entries[i][..colon], KeyIdPattern)) return $"entry {i + 1} has a keyId that is not 1-32 letters, digits, '.', '_' or '-'";
            if (Each.Problem(entries[i][(colon + 1)..]) is { } problem) return $"entry {i + 1}: {problem}";
        }
        return null;
    }

    public IReadOnlyList<(string KeyId, byte[] Key)> Parse(string? value, string setting)
    {
        if (value is not null && Problem(value) is { } problem)
            throw new InvalidOperationException($"Setting '{setting}' is malformed ({problem}): it must be {Expected}.");
        return Base64KeyListAttribute.Split(value)
            .Select(e => (e[..e.IndexOf(':')], Each.Parse(e[(e.IndexOf(':') + 1)..], setting)))
            .ToArray();
    }
}

/// <summary>SendGrid's Signed Event Webhook verification key: an ECDSA P-256 public key, base64 (or PEM), read with SendGrid's own validator.</summary>
public sealed class EventWebhookKeyAttribute : KeyFormatAttribute
{
    public override string Expected =>
        "the verification key SendGrid shows for a Signed Event Webhook: the base64 of an ECDSA P-256 public key (it begins MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE)";

    public override string? Problem(string value)
    {
        try
        {
            var key = new RequestValidator().ConvertPublicKeyToECDSA(value);
            return key.curve.name == "prime256v1" ? null : $"a public key on the curve {key.curve.name}, not P-256";
        }
        catch (Exception)
        {
            // SendGrid's parser throws whatever its DER reader meets; any of it means "not a key".
            return Decode(value, out _) is { } notBase64 ? notBase64 : $"{value.Length} characters that are not an ECDSA public key";
        }
    }
}
