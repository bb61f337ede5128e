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
        // A fixed P-256 public key (its private half is the hash below): lets a developer sign test delivery events.
        string WebhookKey()
        {
            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = SHA256.HashData(Encoding.UTF8.GetBytes("local development only: sendgrid-events")) });
            return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        }
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["SendGrid:ApiKey"] = "SG.local-development",
            ["SendGrid:FromEmail"] = "complaints@example.org",
            ["SendGrid:FromName"] = "Ethics complaints (local)",
            ["SendGrid:EventWebhookPublicKey"] = WebhookKey(),
            ["Committee:ChairEmail"] = "chair@example.org",
            ["Committee:ChairName"] = "Committee Chair",
            ["Committee:ChairMembershipNumber"] = "LOCAL-CHAIR",
            ["Committee:DeputyEmail"] = "deputy@example.org",
            ["Committee:ChairLanguage"] = "en",
            ["Committee:DeputyLanguage"] = "en",
            ["ExecutiveCommittee:Email"] = "executive@example.org",
            ["ExecutiveCommittee:Name"] = "Executive Committee",
            ["ExecutiveCommittee:Language"] = "en",
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
