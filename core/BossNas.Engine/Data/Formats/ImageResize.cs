namespace BossNas.Engine.Data;

/// <summary>
/// Converts a decoded interleaved (H×W×C) image into channel planes (C×H×W) of another size.
/// Resizing is bilinear with pixel-centre alignment (the convention of PIL and torch's
/// <c>align_corners=False</c>), without antialiasing: shrinking by much more than 2× can alias, so
/// prepare large photos at roughly the target size first.
/// </summary>
internal static class ImageResize
{
    /// <summary>Writes <paramref name="src"/> resized to <paramref name="dstHeight"/>×<paramref name="dstWidth"/> into <paramref name="dst"/>.</summary>
    public static void ToPlanes(ReadOnlySpan<byte> src, int srcHeight, int srcWidth, int channels,
        Span<byte> dst, int dstHeight, int dstWidth)
    {
        int plane = dstHeight * dstWidth;
        if (srcHeight == dstHeight && srcWidth == dstWidth)
        {
            // Same size: a pure layout change, so pixels come through bit-exact.
            for (int p = 0; p < plane; p++)
                for (int c = 0; c < channels; c++)
                    dst[c * plane + p] = src[p * channels + c];
            return;
        }

        var (x0, x1, fx) = Taps(srcWidth, dstWidth);
        var (y0, y1, fy) = Taps(srcHeight, dstHeight);
        int srcRow = srcWidth * channels;
        for (int y = 0; y < dstHeight; y++)
        {
            int top = y0[y] * srcRow, bottom = y1[y] * srcRow;
            double wy = fy[y];
            for (int x = 0; x < dstWidth; x++)
            {
                int left = x0[x] * channels, right = x1[x] * channels;
                double wx = fx[x];
                for (int c = 0; c < channels; c++)
                {
                    double upper = src[top + left + c] + (src[top + right + c] - src[top + left + c]) * wx;
                    double lower = src[bottom + left + c] + (src[bottom + right + c] - src[bottom + left + c]) * wx;
                    double v = upper + (lower - upper) * wy;
                    dst[c * plane + y * dstWidth + x] = (byte)Math.Clamp((int)(v + 0.5), 0, 255);
                }
            }
        }
    }

    /// <summary>For each output index: the two source indices it blends and the weight of the second.</summary>
    private static (int[] Lo, int[] Hi, double[] Frac) Taps(int srcSize, int dstSize)
    {
        var lo = new int[dstSize];
        var hi = new int[dstSize];
        var frac = new double[dstSize];
        double scale = (double)srcSize / dstSize;
        for (int i = 0; i < dstSize; i++)
        {
            // Centre of output pixel i, mapped into source pixel coordinates and clamped to the edge pixels.
            double s = Math.Clamp((i + 0.5) * scale - 0.5, 0.0, srcSize - 1);
            int l = (int)Math.Floor(s);
            lo[i] = l;
            hi[i] = Math.Min(l + 1, srcSize - 1);
            frac[i] = s - l;
        }
        return (lo, hi, frac);
    }
}
