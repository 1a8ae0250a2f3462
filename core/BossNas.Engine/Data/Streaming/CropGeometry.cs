using BossNas.Core.Context;

namespace BossNas.Engine.Data.Streaming;

/// <summary>A rectangle of source pixels: left, top, width, height.</summary>
internal readonly record struct CropBox(int X, int Y, int Width, int Height);

/// <summary>
/// Where the evaluation and training transforms cut an image, as torchvision and timm compute it, kept apart from the
/// pixels so the geometry can be checked by hand.
/// </summary>
internal static class CropGeometry
{
    /// <summary>Area range of the random resized crop, as a fraction of the image (timm's default).</summary>
    public const double MinScale = 0.08, MaxScale = 1.0;

    /// <summary>Aspect ratio (width / height) range of the random resized crop.</summary>
    public const double MinRatio = 3.0 / 4.0, MaxRatio = 4.0 / 3.0;

    /// <summary>Draws tried before the random resized crop falls back to a centre crop (torchvision's 10).</summary>
    public const int Tries = 10;

    /// <summary>
    /// Evaluation: the size the whole image is resized to (shorter side floor(size / cropFraction), the longer side
    /// scaled to keep the aspect ratio, truncated as torchvision does), then the centre box of size×size within it
    /// (offsets rounded as torchvision's center_crop).
    /// </summary>
    public static (int ResizedWidth, int ResizedHeight, CropBox Crop) Eval(int width, int height, int size, double cropFraction)
    {
        int shorter = Math.Max(size, (int)Math.Floor(size / cropFraction));
        int rw, rh;
        if (width <= height) (rw, rh) = (shorter, (int)((long)shorter * height / width));
        else (rw, rh) = ((int)((long)shorter * width / height), shorter);
        int x = (int)Math.Round((rw - size) / 2.0, MidpointRounding.ToEven);
        int y = (int)Math.Round((rh - size) / 2.0, MidpointRounding.ToEven);
        return (rw, rh, new CropBox(x, y, size, size));
    }

    /// <summary>
    /// Training: torchvision's RandomResizedCrop box (area fraction in [0.08, 1], log-uniform aspect ratio in [3/4, 4/3],
    /// <see cref="Tries"/> draws, then the centre crop clamped to the ratio range), drawn from <paramref name="rng"/>.
    /// </summary>
    public static CropBox RandomResized(int width, int height, SeededRandom rng)
    {
        double area = (double)width * height;
        double logLo = Math.Log(MinRatio), logHi = Math.Log(MaxRatio);
        for (int t = 0; t < Tries; t++)
        {
            double target = area * rng.Uniform(MinScale, MaxScale);
            double ratio = Math.Exp(rng.Uniform(logLo, logHi));
            int w = (int)Math.Round(Math.Sqrt(target * ratio), MidpointRounding.ToEven);
            int h = (int)Math.Round(Math.Sqrt(target / ratio), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
                return new CropBox(rng.Next(width - w + 1), rng.Next(height - h + 1), w, h);
        }
        double inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < MinRatio) ch = (int)Math.Round(cw / MinRatio, MidpointRounding.ToEven);
        else if (inRatio > MaxRatio) cw = (int)Math.Round(ch * MaxRatio, MidpointRounding.ToEven);
        return new CropBox((width - cw) / 2, (height - ch) / 2, cw, ch);
    }
}
