using System.Collections.Frozen;
using System.Text.Json;

namespace ComplaintRouting.Api;

/// <summary>
/// The exact strings the API, storage and mails use for enum values: kebab-case of the member
/// name (<c>ReferredToNational</c> ⇄ <c>referred-to-national</c>), the same policy as JSON.
/// </summary>
public static class ApiNames<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> Values =
        Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IEnumerable<string> All => Names.Values;

    public static string Name(TEnum value) => Names[value];

    public static bool TryParse(string? name, out TEnum value) => Values.TryGetValue(name ?? "", out value);

    public static TEnum Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}.");
}

public static class ApiNameExtensions
{
    public static string ToApi<TEnum>(this TEnum value) where TEnum : struct, Enum => ApiNames<TEnum>.Name(value);
}
