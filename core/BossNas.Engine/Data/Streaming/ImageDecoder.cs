using BossNas.Core.Context;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace BossNas.Engine.Data.Streaming;

/// <summary>
/// Decodes one encoded image and cuts it into a size×size RGB input, written as channel planes (C×H×W uint8).
/// ImageSharp rather than StbImageSharp: its decoders are safe to run on several threads at once (StbImageSharp keeps
/// its failure reason in a static field), and its resize filters the source over the whole footprint of an output
/// pixel when shrinking (antialiased, as PIL's), which a plain bilinear tap does not.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>Channels of a decoded input (grey and RGBA images are converted to RGB).</summary>
    public const int Channels = 3;

    // One thread per image (the decode workers are the parallelism) and a small pool, so ImageSharp's buffers stay
    // bounded however many images pass through.
    private static readonly Configuration Config = CreateConfiguration();

    private static Configuration CreateConfiguration()
    {
        var c = Configuration.Default.Clone();
        c.MaxDegreeOfParallelism = 1;
        c.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 32 });
        return c;
    }

    /// <summary>Bilinear (triangle filter), widened when shrinking: torchvision's and timm's default for PIL images.</summary>
    private static IResampler Resampler => KnownResamplers.Triangle;

    /// <summary>
    /// Evaluation transform: shorter side resized to floor(size / cropFraction) keeping the aspect ratio, then the centre
    /// size×size (<see cref="CropGeometry.Eval"/>).
    /// </summary>
    public static void Eval(ImageEntry entry, int size, double cropFraction, Span<byte> planes)
    {
        using var image = Load(entry);
        var (rw, rh, crop) = CropGeometry.Eval(image.Width, image.Height, size, cropFraction);
        image.Mutate(x =>
        {
            if (rw != image.Width || rh != image.Height) x.Resize(rw, rh, Resampler);
            x.Crop(new Rectangle(crop.X, crop.Y, crop.Width, crop.Height));
        });
        ToPlanes(image, planes);
    }

    /// <summary>
    /// Training transform: a random resized crop (<see cref="CropGeometry.RandomResized"/>) resized to size×size, then a
    /// horizontal flip with probability ½, every draw from <paramref name="rng"/>.
    /// </summary>
    public static void Train(ImageEntry entry, int size, SeededRandom rng, Span<byte> planes)
    {
        using var image = Load(entry);
        var box = CropGeometry.RandomResized(image.Width, image.Height, rng);
        bool flip = rng.Bernoulli(0.5);
        image.Mutate(x =>
        {
            x.Crop(new Rectangle(box.X, box.Y, box.Width, box.Height));
            if (box.Width != size || box.Height != size) x.Resize(size, size, Resampler);
            if (flip) x.Flip(FlipMode.Horizontal);
        });
        ToPlanes(image, planes);
    }

    private static Image<Rgb24> Load(ImageEntry entry)
    {
        var bytes = entry.Read();
        try
        {
            return Image.Load<Rgb24>(Config, bytes);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or NotSupportedException or InvalidImageContentException)
        {
            throw new DataFormatException(entry.Name, $"cannot decode image: {e.Message}", "a valid PNG or JPEG image", e);
        }
    }

    private static void ToPlanes(Image<Rgb24> image, Span<byte> planes)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        if (planes.Length != Channels * plane)
            throw new InvalidOperationException($"{w}x{h} image does not fill {planes.Length} bytes");
        for (int y = 0; y < h; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            for (int x = 0; x < w; x++)
            {
                var p = row[x];
                planes[y * w + x] = p.R;
                planes[plane + y * w + x] = p.G;
                planes[2 * plane + y * w + x] = p.B;
            }
        }
    }
}
