using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Options;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Storage;

/// <summary>Where sealed data lives: it opens only there (table, partition, row and field).</summary>
public readonly record struct SealedAt(string Table, string PartitionKey, string RowKey, string Field)
{
    public byte[] AssociatedData(byte version, ReadOnlySpan<byte> keyId) =>
        [version, .. keyId, .. Encoding.UTF8.GetBytes($"|{Table}|{PartitionKey}|{RowKey}|{Field}")];
}

/// <summary>
/// Encrypts personal data before it reaches Table Storage: AES-256-GCM under the current key, the
/// key id written in front of the ciphertext so older keys (kept in <c>Encryption__PreviousKeys</c>)
/// still open what they sealed. The ciphertext is bound to where it is stored (<see cref="SealedAt"/>,
/// as associated data), so a sealed complaint copied into another case, row or field does not open.
/// Layout, format 1: [0xF1][id length][id][nonce 12][tag 16][ciphertext], associated data
/// [0xF1][id]|table|partition|row|field. Format 0 (before 2026-12-03: no version byte, the id as
/// the only associated data) is still read, so nothing stored earlier is lost; every write is format 1.
/// </summary>
public sealed class Sealer
{
    /// <summary>The first byte of format 1; format 0 starts with the id length (at most 32), so the two never meet.</summary>
    public const byte Format1 = 0xF1;

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

    /// <summary>The key new data is sealed under, and its id.</summary>
    internal (string Id, byte[] Key) Current => (_currentId, _keys[_currentId]);

    /// <summary>The key of <paramref name="keyId"/>, current or previous; throws when none is configured.</summary>
    internal byte[] Key(string keyId) => _keys.TryGetValue(keyId, out var key) ? key
        : throw new CryptographicException($"No key '{keyId}' is configured to open this data (Encryption__PreviousKeys).");

    public byte[] Seal(string plaintext, SealedAt at)
    {
        var id = Encoding.ASCII.GetBytes(_currentId);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[2 + id.Length + 12 + 16 + data.Length];
        output[0] = Format1;
        output[1] = (byte)id.Length;
        id.CopyTo(output, 2);
        var body = output.AsSpan(2 + id.Length);
        RandomNumberGenerator.Fill(body[..12]);
        using var aes = new AesGcm(_keys[_currentId], 16);
        aes.Encrypt(body[..12], data, body[28..], body.Slice(12, 16), at.AssociatedData(Format1, id));
        return output;
    }

    /// <summary>Opens what was sealed at <paramref name="at"/>; anything else (moved, altered, unknown key) throws a <see cref="CryptographicException"/>.</summary>
    public string Open(ReadOnlySpan<byte> sealedData, SealedAt at)
    {
        var format1 = sealedData.Length > 0 && sealedData[0] == Format1;
        var header = format1 ? sealedData[1..] : sealedData;
        if (header.Length < 1 || header.Length < 1 + header[0] + 28) throw new CryptographicException("The sealed data is truncated.");
        var id = header.Slice(1, header[0]);
        var keyId = Encoding.ASCII.GetString(id);
        if (!_keys.TryGetValue(keyId, out var key))
            throw new CryptographicException($"No key '{keyId}' is configured to open this data (Encryption__PreviousKeys).");
        var body = header[(1 + id.Length)..];
        var plaintext = new byte[body.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(body[..12], body[28..], body.Slice(12, 16), plaintext, format1 ? at.AssociatedData(Format1, id) : id);
        return Encoding.UTF8.GetString(plaintext);
    }
}
