using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Options;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Security;

/// <summary>
/// Encrypts personal data before it reaches Table Storage: AES-256-GCM under the current key, the
/// key id written in front of the ciphertext so older keys (kept in <c>Encryption__PreviousKeys</c>)
/// still open what they sealed. Layout: [id length][id][nonce 12][tag 16][ciphertext].
/// </summary>
public sealed class Sealer
{
    private readonly string _currentId;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public Sealer(IOptions<EncryptionOptions> options)
    {
        var o = options.Value;
        _currentId = o.KeyId;
        // The same parsers start-up validation uses (EncryptionOptions), so the two cannot disagree.
        _keys[o.KeyId] = new Base64KeyAttribute { Bytes = 32 }.Parse(o.Key, "Encryption__Key");
        foreach (var (id, key) in new KeyIdPairListAttribute { Bytes = 32 }.Parse(o.PreviousKeys, "Encryption__PreviousKeys"))
            _keys.TryAdd(id, key);
    }

    public byte[] Seal(string plaintext)
    {
        var id = Encoding.ASCII.GetBytes(_currentId);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + id.Length + 12 + 16 + data.Length];
        output[0] = (byte)id.Length;
        id.CopyTo(output, 1);
        var nonce = output.AsSpan(1 + id.Length, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_currentId], 16);
        aes.Encrypt(nonce, data, output.AsSpan(1 + id.Length + 28), output.AsSpan(1 + id.Length + 12, 16), id);
        return output;
    }

    public string Open(ReadOnlySpan<byte> sealedData)
    {
        var idLength = sealedData[0];
        var id = sealedData.Slice(1, idLength);
        var keyId = Encoding.ASCII.GetString(id);
        if (!_keys.TryGetValue(keyId, out var key))
            throw new CryptographicException($"No key '{keyId}' is configured to open this data (Encryption__PreviousKeys).");
        var body = sealedData[(1 + idLength)..];
        var plaintext = new byte[body.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(body[..12], body[28..], body.Slice(12, 16), plaintext, id);
        return Encoding.UTF8.GetString(plaintext);
    }
}
