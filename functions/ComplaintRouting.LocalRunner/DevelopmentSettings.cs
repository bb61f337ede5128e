using System.Security.Cryptography;
using System.Text;

namespace ComplaintRouting.LocalRunner;

/// <summary>The local runner's values for settings that Azure keeps in Key Vault and app settings.</summary>
public static class DevelopmentSettings
{
    /// <summary>Values a developer would otherwise have to invent; never used in Azure (they live in Key Vault and app settings there).</summary>
    public static Dictionary<string, string?> Values(string baseUrl, string? storage, bool captureMail)
    {
        string Key(string purpose) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("local development only: " + purpose)));
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["SendGrid:ApiKey"] = "SG.local-development",
            ["SendGrid:FromEmail"] = "complaints@example.org",
            ["SendGrid:FromName"] = "Ethics complaints (local)",
            ["Committee:ChairEmail"] = "chair@example.org",
            ["Committee:ChairName"] = "Committee Chair",
            ["Committee:DeputyEmail"] = "deputy@example.org",
            ["Links:PublicBaseUrl"] = baseUrl,
            ["Links:SigningKey"] = Key("links"),
            ["Encryption:Key"] = Key("encryption"),
            ["Encryption:KeyId"] = "local-dev",
            ["Intake:AllowedOrigins"] = baseUrl,
        };
        if (captureMail) values["SendGrid:Host"] = baseUrl;
        return values;
    }
}
