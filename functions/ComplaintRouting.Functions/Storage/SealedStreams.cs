using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ComplaintRouting.Storage;

/// <summary>
/// Files (evidence, SPEC §10) sealed as they stream, so a file of any size passes through a
/// fixed amount of memory: AES-256-GCM over chunks of <see cref="Chunk"/> bytes under the same
/// keys as <see cref="Sealer"/> (the STREAM construction). Layout, format 2:
/// [0xF2][id length][id][nonce prefix 8], then per chunk [ciphertext][tag 16]. Chunk i's nonce is
/// the prefix and i (big-endian); its associated data is where the file lives (<see cref="SealedAt"/>),
/// i, and whether it is the last chunk. Every chunk but the last is full, the last is shorter
/// (possibly empty), so a file cut short, reordered, extended or moved does not open.
/// </summary>
public static class SealedStreams
{
    public const byte Format2 = 0xF2;
    public const int Chunk = 64 * 1024;
    private const int Tag = 16;

    /// <summary>A stream reading <paramref name="plaintext"/> sealed for <paramref name="at"/>.</summary>
    public static Stream Seal(Sealer sealer, Stream plaintext, SealedAt at) => new Sealing(sealer, plaintext, at);

    /// <summary>A stream reading what <paramref name="sealedData"/> holds; anything not sealed for <paramref name="at"/> throws a <see cref="CryptographicException"/> while reading.</summary>
    public static Stream Open(Sealer sealer, Stream sealedData, SealedAt at) => new Opening(sealer, sealedData, at);

    /// <summary>How many bytes <paramref name="plaintextBytes"/> take sealed under a key id of <paramref name="keyIdLength"/> characters.</summary>
    public static long SealedLength(long plaintextBytes, int keyIdLength) => 2 + keyIdLength + 8 + (plaintextBytes / Chunk + 1) * Tag + plaintextBytes;

    private static byte[] AssociatedData(byte[] keyId, SealedAt at, long index, bool last) =>
        [.. at.AssociatedData(Format2, keyId), .. Encoding.ASCII.GetBytes($"|{index}|{(last ? 1 : 0)}")];

    private static byte[] Nonce(ReadOnlySpan<byte> prefix, long index)
    {
        var nonce = new byte[12];
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), checked((uint)index));
        return nonce;
    }

    /// <summary>A read-only, forward-only stream that serves one transformed chunk at a time.</summary>
    private abstract class ChunkStream(Stream inner) : Http.ReadOnlyStream
    {
        protected readonly Stream Inner = inner;
        private byte[] _out = [];
        private int _outPos;
        private bool _done;
        protected long Index;

        /// <summary>The next chunk's output, or null at the end.</summary>
        protected abstract ValueTask<byte[]?> NextAsync(CancellationToken cancellationToken);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_outPos == _out.Length)
            {
                if (_done) return 0;
                var next = await NextAsync(cancellationToken);
                if (next is null) { _done = true; return 0; }
                (_out, _outPos) = (next, 0);
            }
            var n = Math.Min(buffer.Length, _out.Length - _outPos);
            _out.AsMemory(_outPos, n).CopyTo(buffer);
            _outPos += n;
            return n;
        }

        protected static async ValueTask<int> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken) =>
            await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);


        protected override void Dispose(bool disposing)
        {
            if (disposing) Inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class Sealing : ChunkStream
    {
        private readonly AesGcm _aes;
        private readonly byte[] _keyId;
        private readonly byte[] _prefix = RandomNumberGenerator.GetBytes(8);
        private readonly SealedAt _at;
        private readonly byte[] _plain = new byte[Chunk];
        private bool _header;
        private bool _last;

        public Sealing(Sealer sealer, Stream plaintext, SealedAt at) : base(plaintext)
        {
            var (id, key) = sealer.Current;
            (_keyId, _at, _aes) = (Encoding.ASCII.GetBytes(id), at, new AesGcm(key, Tag));
        }

        protected override async ValueTask<byte[]?> NextAsync(CancellationToken cancellationToken)
        {
            if (!_header)
            {
                _header = true;
                return [Format2, (byte)_keyId.Length, .. _keyId, .. _prefix];
            }
            if (_last) return null;
            var read = await FillAsync(Inner, _plain, cancellationToken);
            _last = read < Chunk;
            var output = new byte[read + Tag];
            _aes.Encrypt(Nonce(_prefix, Index), _plain.AsSpan(0, read), output.AsSpan(0, read), output.AsSpan(read), AssociatedData(_keyId, _at, Index, _last));
            Index++;
            return output;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _aes.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class Opening(Sealer sealer, Stream sealedData, SealedAt at) : ChunkStream(sealedData)
    {
        private AesGcm? _aes;
        private byte[] _keyId = [];
        private byte[] _prefix = [];
        private readonly byte[] _sealed = new byte[Chunk + Tag];
        private bool _last;

        protected override async ValueTask<byte[]?> NextAsync(CancellationToken cancellationToken)
        {
            if (_aes is null)
            {
                var head = new byte[2];
                if (await Inner.ReadAtLeastAsync(head, 2, throwOnEndOfStream: false, cancellationToken) < 2 || head[0] != Format2)
                    throw new CryptographicException("The sealed file has no format 2 header.");
                var rest = new byte[head[1] + 8];
                if (await Inner.ReadAtLeastAsync(rest, rest.Length, throwOnEndOfStream: false, cancellationToken) < rest.Length)
                    throw new CryptographicException("The sealed file's header is truncated.");
                _keyId = rest[..head[1]];
                _prefix = rest[head[1]..];
                _aes = new AesGcm(sealer.Key(Encoding.ASCII.GetString(_keyId)), Tag);
            }
            if (_last)
            {
                if (await Inner.ReadAsync(new byte[1], cancellationToken) > 0) throw new CryptographicException("The sealed file goes on after its last chunk.");
                return null;
            }
            var read = await FillAsync(Inner, _sealed, cancellationToken);
            if (read < Tag) throw new CryptographicException("The sealed file is truncated.");
            _last = read < _sealed.Length;
            var plain = new byte[read - Tag];
            _aes.Decrypt(Nonce(_prefix, Index), _sealed.AsSpan(0, plain.Length), _sealed.AsSpan(plain.Length, Tag), plain, AssociatedData(_keyId, at, Index, _last));
            Index++;
            return plain;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _aes?.Dispose();
            base.Dispose(disposing);
        }
    }
}
