using System.Runtime.InteropServices;
using SkiaSharp;

namespace ComplaintRouting.Evidence;

public enum CleanOutcome { Cleaned, TooManyPixels, Unreadable }

/// Removes location and camera metadata from evidence images (SPEC §10): EXIF (with its GPS IFD),
/// XMP, IPTC, comments and any other text chunks go, because the image is decoded to pixels and
/// encoded anew, and the encoder writes none of them. The EXIF orientation is applied to the pixels
/// first, so a photo still stands the right way up without the tag. The ICC colour profile is not
/// copied: the pixels keep their values, and Skia writes a profile of its own only for a colour
/// space other than sRGB.
public static class ImageCleaner
{
    /// The most pixels an image may have; the dimensions are read from the header before any pixel
    /// is decoded, so a small file that claims a huge image (a decompression bomb) costs nothing.
    public const long MaxPixels = 50_000_000;

    const int JpegQuality = 92;

    /// Decodes `image` (the whole file, already judged JPEG or PNG) and writes it to `output` without metadata.
    public static CleanOutcome Clean(EvidenceType type, Stream image, Stream output)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        var expected = type switch
        {
            EvidenceType.Jpeg => SKEncodedImageFormat.Jpeg,
            EvidenceType.Png => SKEncodedImageFormat.Png,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only JPEG and PNG are cleaned."),
        };

        using var copy = new MemoryStream();
        image.CopyTo(copy);
        ReadOnlySpan<byte> bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data); // reads the header only
        if (codec is null || codec.EncodedFormat != expected)
            return CleanOutcome.Unreadable;

        var source = codec.Info;
        if (source.Width <= 0 || source.Height <= 0)
            return CleanOutcome.Unreadable;
        if ((long)source.Width * source.Height > MaxPixels)
            return CleanOutcome.TooManyPixels;

        // JPEG: 8-bit colour, opaque. PNG: unpremultiplied alpha, since premultiplying would round
        // semi-transparent pixels, so an 8-bit PNG comes out pixel for pixel the same. A 16-bit PNG
        // keeps 16 bits a channel through half floats (11 significant bits; the codec offers no
        // 16-bit integer target). The codec reports 8-bit colour for a 16-bit PNG, so the bit depth
        // is read from IHDR.
        var sixteenBit = type == EvidenceType.Png && bytes.Length > 24 && bytes[12..16].SequenceEqual("IHDR"u8) && bytes[24] == 16;
        var alphaType = type == EvidenceType.Jpeg || source.AlphaType == SKAlphaType.Opaque
            ? SKAlphaType.Opaque
            : SKAlphaType.Unpremul;
        // The target colour space is the source's own, so no colour is converted; for sRGB (or none)
        // it is left out, and the encoder writes no ICC profile at all.
        var colorSpace = source.ColorSpace is { IsSrgb: false } own ? own : null;
        var target = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, alphaType, colorSpace);
        var decoded = sixteenBit ? Decode(codec, target.WithColorType(SKColorType.RgbaF16)) : null;
        decoded ??= Decode(codec, target);
        if (decoded is null)
            return CleanOutcome.Unreadable;

        using (decoded)
        using (var upright = Orient(decoded, codec.EncodedOrigin))
        using (var pixmap = upright.PeekPixels())
        using (var encoded = new MemoryStream())
        {
            var written = type == EvidenceType.Jpeg
                ? pixmap.Encode(encoded, new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
                : pixmap.Encode(encoded, new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6));
            if (!written || encoded.Length == 0)
                return CleanOutcome.Unreadable;
            // Written only once all of it is ready: a failure leaves `output` untouched.
            encoded.Position = 0;
            encoded.CopyTo(output);
        }
        return CleanOutcome.Cleaned;
    }

    static SKBitmap? Decode(SKCodec codec, SKImageInfo info)
    {
        var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(info))
        {
            bitmap.Dispose();
            return null;
        }
        // Only a complete, error-free decode counts: a truncated file would be kept half grey.
        if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            bitmap.Dispose();
            return null;
        }
        return bitmap;
    }

    /// The pixels as they are meant to be seen: the EXIF orientation applied by moving whole pixels
    /// (no resampling, so a PNG stays pixel-exact). Returns `bitmap` itself when it stands upright.
    static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft || !Enum.IsDefined(origin))
            return Borrow(bitmap);
        var (w, h) = (bitmap.Width, bitmap.Height);
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var info = bitmap.Info.WithSize(swaps ? h : w, swaps ? w : h);
        var turned = new SKBitmap(info);
        switch (bitmap.BytesPerPixel)
        {
            case 4: Move<uint>(bitmap, turned, origin); break;
            case 8: Move<ulong>(bitmap, turned, origin); break;
            default: throw new InvalidOperationException($"Unexpected {bitmap.BytesPerPixel} bytes a pixel.");
        }
        return turned;
    }

    // The upright bitmap is disposed by the caller, as is the decoded one: share the pixels, not the object.
    static SKBitmap Borrow(SKBitmap bitmap)
    {
        var view = new SKBitmap();
        view.InstallPixels(bitmap.PeekPixels());
        return view;
    }

    /// Where each encoded pixel (x, y) lands in the upright image: Skia's SkEncodedOriginToMatrix.
    static void Move<T>(SKBitmap from, SKBitmap to, SKEncodedOrigin origin) where T : unmanaged
    {
        var (w, h) = (from.Width, from.Height);
        var source = MemoryMarshal.Cast<byte, T>(from.GetPixelSpan());
        var target = MemoryMarshal.Cast<byte, T>(to.GetPixelSpan());
        var sourceStride = from.RowBytes / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var targetStride = to.RowBytes / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (var y = 0; y < h; y++)
        {
            var row = source.Slice(y * sourceStride, w);
            for (var x = 0; x < w; x++)
            {
                var (tx, ty) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (h - 1 - y, x),          // 6: turn 90° clockwise
                    SKEncodedOrigin.RightBottom => (h - 1 - y, w - 1 - x),
                    SKEncodedOrigin.LeftBottom => (y, w - 1 - x),        // 8: turn 90° anticlockwise
                    _ => (x, y),
                };
                target[ty * targetStride + tx] = row[x];
            }
        }
    }
}
