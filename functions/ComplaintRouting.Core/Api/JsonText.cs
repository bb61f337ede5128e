using System.Text.Json;

namespace ComplaintRouting.Api;

/// <summary>Reading strings from client JSON without ever throwing.</summary>
public static class JsonText
{
    /// <summary>
    /// The string value, or null when the element is not a string or its text cannot be decoded
    /// (invalid UTF-8, a lone surrogate escape): such input is a field error, never an exception.
    /// </summary>
    public static string? StringOrNull(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The string property of an object, or null.</summary>
    public static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? StringOrNull(value) : null;
}
