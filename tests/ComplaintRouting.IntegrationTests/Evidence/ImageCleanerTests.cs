using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using ComplaintRouting.Evidence;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Xmp;
using SkiaSharp;
using MetadataDirectory = MetadataExtractor.Directory;

namespace ComplaintRouting.IntegrationTests.Evidence;

public class ImageCleanerTests
{
    static (CleanOutcome Outcome, byte[] Output) Clean(EvidenceType type, byte[] image)
    {
        using var output = new MemoryStream();
        var outcome = ImageCleaner.Clean(type, new MemoryStream(image), output);
        return (outcome, output.ToArray());
    }

    static IReadOnlyList<MetadataDirectory> Metadata(byte[] file) => ImageMetadataReader.ReadMetadata(new MemoryStream(file));

    /// The image as 8-bit RGBA, unpremultiplied and without colour conversion: what a pixel comparison needs.
    static (int Width, int Height, byte[] Pixels, SKEncodedImageFormat Format) Decode(byte[] file)
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(file)) ?? throw new InvalidDataException("Not an image Skia can read.");
        var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, alpha);
        var pixels = new byte[info.BytesSize];
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, pixels));
        return (info.Width, info.Height, pixels, codec.EncodedFormat);
    }

    static SKColor Pixel((int Width, int Height, byte[] Pixels, SKEncodedImageFormat Format) image, int x, int y)
    {
        var i = (y * image.Width + x) * 4;
        return new SKColor(image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2], image.Pixels[i + 3]);
    }

    static bool Contains(byte[] haystack, string ascii) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ascii)) >= 0;

    [Fact]
    public void A_photo_loses_its_location_and_camera_and_stays_a_jpeg_of_the_same_size()
    {
        var photo = EvidenceSamples.JpegWithGps();

        // The sample really carries what must go.
        var before = Metadata(photo);
        var gpsBefore = Assert.Single(before.OfType<GpsDirectory>());
        Assert.NotNull(gpsBefore.GetGeoLocation());
        Assert.Equal(51.508, gpsBefore.GetGeoLocation()!.Latitude, 3);
        Assert.Equal(EvidenceSamples.CameraMake, before.OfType<ExifIfd0Directory>().Single().GetString(ExifDirectoryBase.TagMake));
        Assert.Equal(EvidenceSamples.CameraModel, before.OfType<ExifIfd0Directory>().Single().GetString(ExifDirectoryBase.TagModel));

        var (outcome, cleaned) = Clean(EvidenceType.Jpeg, photo);

        Assert.Equal(CleanOutcome.Cleaned, outcome);
        var after = Metadata(cleaned);
        Assert.Empty(after.OfType<GpsDirectory>());
        Assert.DoesNotContain(after.OfType<ExifDirectoryBase>(), d => d.ContainsTag(ExifDirectoryBase.TagMake) || d.ContainsTag(ExifDirectoryBase.TagModel));
        Assert.Empty(after.OfType<ExifIfd0Directory>());
        Assert.Empty(after.OfType<XmpDirectory>());
        Assert.False(Contains(cleaned, EvidenceSamples.CameraMake));
        Assert.False(Contains(cleaned, "Exif\0\0"));
        Assert.False(Contains(cleaned, "ICC_PROFILE")); // sRGB: no profile written either

        var image = Decode(cleaned);
        Assert.Equal(SKEncodedImageFormat.Jpeg, image.Format);
        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.Equal(EvidenceTypes.Judge(cleaned, complete: true), EvidenceType.Jpeg);
        // Still the same picture: red top-left quadrant, blue elsewhere (quality 92 keeps colours close).
        AssertNear(SKColors.Red, Pixel(image, 8, 8));
        AssertNear(SKColors.Blue, Pixel(image, 56, 40));
    }

    [Fact]
    public void A_photo_taken_sideways_is_turned_upright_before_its_orientation_tag_goes()
    {
        // Stored 40×20 with orientation 6 ("rotate 90° clockwise to view").
        var photo = EvidenceSamples.JpegWithGps(40, 20, orientation: 6);
        using (var codec = SKCodec.Create(SKData.CreateCopy(photo)))
            Assert.Equal(SKEncodedOrigin.RightTop, codec!.EncodedOrigin);

        var (outcome, cleaned) = Clean(EvidenceType.Jpeg, photo);

        Assert.Equal(CleanOutcome.Cleaned, outcome);
        var image = Decode(cleaned);
        Assert.Equal((20, 40), (image.Width, image.Height));
        using (var codec = SKCodec.Create(SKData.CreateCopy(cleaned)))
            Assert.Equal(SKEncodedOrigin.TopLeft, codec!.EncodedOrigin); // no tag left to turn it twice
        // The stored top-left quadrant (red) now stands at the top right.
        AssertNear(SKColors.Red, Pixel(image, 15, 5));
        AssertNear(SKColors.Blue, Pixel(image, 4, 5));
        AssertNear(SKColors.Blue, Pixel(image, 15, 30));
    }

    [Theory]
    [InlineData(3, 40, 20, 35, 15)] // upside down: the red corner ends at the bottom right
    [InlineData(8, 20, 40, 5, 35)]  // 90° anticlockwise: bottom left
    [InlineData(2, 40, 20, 35, 5)]  // mirrored: top right
    public void Every_orientation_puts_the_corner_where_a_viewer_would(ushort orientation, int width, int height, int redX, int redY)
    {
        var (outcome, cleaned) = Clean(EvidenceType.Jpeg, EvidenceSamples.JpegWithGps(40, 20, orientation));

        Assert.Equal(CleanOutcome.Cleaned, outcome);
        var image = Decode(cleaned);
        Assert.Equal((width, height), (image.Width, image.Height));
        AssertNear(SKColors.Red, Pixel(image, redX, redY));
        AssertNear(SKColors.Blue, Pixel(image, width - 1 - redX, height - 1 - redY));
    }

    [Fact]
    public void A_png_loses_its_text_and_exif_chunks_and_keeps_every_pixel_exactly()
    {
        var png = EvidenceSamples.PngWithMetadata();
        Assert.Contains("tEXt", EvidenceSamples.PngChunkTypes(png));
        Assert.Contains("eXIf", EvidenceSamples.PngChunkTypes(png));
        Assert.Contains(Metadata(png).OfType<PngDirectory>(), d => d.ContainsTag(PngDirectory.TagTextualData));
        Assert.NotNull(Assert.Single(Metadata(png).OfType<GpsDirectory>()).GetGeoLocation());

        var (outcome, cleaned) = Clean(EvidenceType.Png, png);

        Assert.Equal(CleanOutcome.Cleaned, outcome);
        var chunks = EvidenceSamples.PngChunkTypes(cleaned);
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        Assert.DoesNotContain(chunks, c => c is "tEXt" or "zTXt" or "iTXt" or "eXIf" or "tIME");
        var after = Metadata(cleaned);
        Assert.DoesNotContain(after.OfType<PngDirectory>(), d => d.ContainsTag(PngDirectory.TagTextualData));
        Assert.Empty(after.OfType<GpsDirectory>());
        Assert.Empty(after.OfType<ExifIfd0Directory>());
        Assert.False(Contains(cleaned, EvidenceSamples.CameraMake));
        Assert.False(Contains(cleaned, "51.5080"));

        var original = Decode(EvidenceSamples.Png());
        var result = Decode(cleaned);
        Assert.Equal(SKEncodedImageFormat.Png, result.Format);
        Assert.Equal((original.Width, original.Height), (result.Width, result.Height));
        Assert.Equal(original.Pixels, result.Pixels); // semi-transparent ones too: no premultiplied rounding
    }

    [Fact]
    public void A_16_bit_png_stays_16_bit_to_the_codecs_half_float_precision()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(5, 3, SKColorType.Rgba16161616, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i += 2)
            BinaryPrimitives.WriteUInt16LittleEndian(pixels[i..], (ushort)(i * 2113 + 1)); // values 8 bits cannot hold
        using var encoded = new MemoryStream();
        Assert.True(bitmap.PeekPixels().Encode(encoded, SKPngEncoderOptions.Default));
        var png = encoded.ToArray();
        Assert.Equal(16, png[24]); // IHDR bit depth

        var (outcome, cleaned) = Clean(EvidenceType.Png, png);

        Assert.Equal(CleanOutcome.Cleaned, outcome);
        Assert.Equal(16, cleaned[24]);
        // Within half-float rounding of the original 16-bit values (through 8 bits they would be off by up to 128).
        var stored = ReadRgba16(cleaned);
        var original = MemoryMarshal.Cast<byte, ushort>(pixels).ToArray();
        Assert.Equal(original.Length, stored.Length);
        Assert.All(original.Zip(stored), p => Assert.InRange(p.Second - p.First, -32, 32));
        Assert.Contains(stored, v => v % 257 != 0); // not 8-bit values widened
    }

    /// The raw samples of a 16-bit RGBA PNG: IDAT inflated and unfiltered by hand.
    static ushort[] ReadRgba16(byte[] png)
    {
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16));
        var height = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20));
        Assert.Equal(6, png[25]); // RGBA
        var idat = new MemoryStream();
        for (var at = 8; at + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            if (Encoding.ASCII.GetString(png, at + 4, 4) == "IDAT")
                idat.Write(png, at + 8, length);
            at += 12 + length;
        }
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(idat, System.IO.Compression.CompressionMode.Decompress))
            z.CopyTo(raw);
        var data = raw.ToArray();
        const int bpp = 8;
        var stride = width * bpp;
        var previous = new byte[stride];
        var samples = new List<ushort>();
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var line = data.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? line[x - bpp] : 0, b = previous[x], c = x >= bpp ? previous[x - bpp] : 0;
                line[x] += filter switch
                {
                    0 => 0,
                    1 => (byte)a,
                    2 => (byte)b,
                    3 => (byte)((a + b) / 2),
                    4 => (byte)Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                };
            }
            for (var x = 0; x < stride; x += 2)
                samples.Add(BinaryPrimitives.ReadUInt16BigEndian(line.AsSpan(x)));
            previous = line;
        }
        return [.. samples];

        static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }

    [Fact]
    public void A_png_claiming_20000_by_20000_pixels_is_refused_from_its_header_without_decoding()
    {
        var bomb = EvidenceSamples.PngClaiming(20_000, 20_000);
        Assert.True(bomb.Length < 1_000);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var (outcome, output) = Clean(EvidenceType.Png, bomb);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(CleanOutcome.TooManyPixels, outcome);
        Assert.Empty(output);
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for a refused image"); // 20000² RGBA would be 1.6 GB
    }

    [Fact]
    public void The_pixel_limit_is_50_million_and_a_jpeg_header_is_read_the_same_way()
    {
        Assert.Equal(50_000_000, ImageCleaner.MaxPixels);
        Assert.Equal(CleanOutcome.TooManyPixels, Clean(EvidenceType.Png, EvidenceSamples.PngClaiming(10_000, 5_001)).Outcome);
        Assert.NotEqual(CleanOutcome.TooManyPixels, Clean(EvidenceType.Png, EvidenceSamples.PngClaiming(10_000, 5_000)).Outcome);

        // A real JPEG whose frame header (SOF0: FF C0, length, precision, height, width) claims 60000×60000.
        var jpeg = EvidenceSamples.Jpeg(16, 16);
        var sof = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        Assert.True(sof > 0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 60_000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 60_000);
        Assert.Equal(CleanOutcome.TooManyPixels, Clean(EvidenceType.Jpeg, jpeg).Outcome);
    }

    [Fact]
    public void Garbage_after_a_jpeg_signature_is_unreadable_and_nothing_is_written()
    {
        var garbage = new byte[] { 0xFF, 0xD8, 0xFF }.Concat(Enumerable.Range(0, 2000).Select(i => (byte)(i * 37 + 11))).ToArray();
        Assert.Equal(EvidenceType.Jpeg, EvidenceTypes.Judge(garbage, complete: true)); // it passes the sniff

        var (outcome, output) = Clean(EvidenceType.Jpeg, garbage);

        Assert.Equal(CleanOutcome.Unreadable, outcome);
        Assert.Empty(output);
    }

    [Fact]
    public void A_truncated_photo_or_one_of_the_other_format_is_unreadable()
    {
        var photo = EvidenceSamples.Jpeg(64, 48);
        Assert.Equal(CleanOutcome.Unreadable, Clean(EvidenceType.Jpeg, photo[..(photo.Length / 2)]).Outcome);
        Assert.Equal(CleanOutcome.Unreadable, Clean(EvidenceType.Png, photo).Outcome);
        Assert.Equal(CleanOutcome.Unreadable, Clean(EvidenceType.Jpeg, EvidenceSamples.Png()).Outcome);
        Assert.Equal(CleanOutcome.Cleaned, Clean(EvidenceType.Jpeg, photo).Outcome);
    }

    [Fact]
    public void The_samples_are_what_their_names_say()
    {
        Assert.Equal(EvidenceType.Jpeg, EvidenceTypes.Judge(EvidenceSamples.JpegWithGps(), complete: true));
        Assert.Equal(EvidenceType.Png, EvidenceTypes.Judge(EvidenceSamples.Png(), complete: true));
        Assert.Equal(EvidenceType.Docx, EvidenceTypes.Judge(EvidenceSamples.Docx(), complete: true));
        Assert.Equal(EvidenceType.Odt, EvidenceTypes.Judge(EvidenceSamples.Odt(), complete: true));
        Assert.Null(EvidenceTypes.Judge(EvidenceSamples.RenamedExecutable(), complete: true));
        var pdf = EvidenceSamples.Pdf(200_000);
        Assert.InRange(pdf.Length, 195_000, 205_000);
        Assert.Equal(EvidenceType.Pdf, EvidenceTypes.Judge(pdf.AsSpan(0, EvidenceTypes.SniffBytes), complete: false));
        Assert.EndsWith("%%EOF\n", Encoding.ASCII.GetString(pdf[^10..]));
    }

    static void AssertNear(SKColor expected, SKColor actual, int tolerance = 40)
    {
        var near = Math.Abs(expected.Red - actual.Red) <= tolerance
            && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance;
        Assert.True(near, $"expected about {expected}, got {actual}");
    }
}
