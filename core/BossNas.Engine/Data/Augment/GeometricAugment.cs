using BossNas.Core.Context;
using static TorchSharp.torch;

namespace BossNas.Engine.Data.Augment;

/// <summary>
/// Crops and flips for a whole batch in one <c>grid_sample</c>: each sample gets its own affine map, so
/// random crop with padding, random resized crop and horizontal flip cost one batched kernel instead of a
/// per-image loop.
/// </summary>
internal static class GeometricAugment
{
    /// <summary>
    /// Random crop of the original size from the image zero-padded by <paramref name="padding"/> pixels, and a
    /// horizontal flip with probability 0.5 (the CIFAR recipe). Shifts are whole pixels.
    /// </summary>
    public static Tensor CropWithPaddingAndFlip(Tensor x, int padding, SeededRandom rng)
    {
        long b = x.shape[0], h = x.shape[2], w = x.shape[3];
        var theta = new float[b * 6];
        for (int i = 0; i < b; i++)
        {
            int dy = rng.Next(-padding, padding + 1), dx = rng.Next(-padding, padding + 1);
            float flip = rng.Bernoulli(0.5) ? -1f : 1f;
            // Normalised coordinates span 2 units over w pixels (align_corners=false).
            SetTheta(theta, i, flip, 1f, 2f * dx / w, 2f * dy / h);
        }
        return Sample(x, theta, b, h, w, GridSampleMode.Nearest);
    }

    /// <summary>
    /// Random resized crop (area fraction in [<paramref name="minScale"/>, 1], aspect ratio in [3/4, 4/3],
    /// log-uniform) resized back to the input size bilinearly, plus a horizontal flip with probability 0.5.
    /// </summary>
    public static Tensor ResizedCropAndFlip(Tensor x, double minScale, SeededRandom rng)
    {
        long b = x.shape[0], h = x.shape[2], w = x.shape[3];
        var theta = new float[b * 6];
        for (int i = 0; i < b; i++)
        {
            double area = rng.Uniform(minScale, 1.0);
            double ratio = Math.Exp(rng.Uniform(Math.Log(3.0 / 4), Math.Log(4.0 / 3)));
            double cw = Math.Min(1.0, Math.Sqrt(area * ratio)), ch = Math.Min(1.0, Math.Sqrt(area / ratio));
            double cx = rng.Uniform(-(1 - cw), 1 - cw), cy = rng.Uniform(-(1 - ch), 1 - ch);
            float flip = rng.Bernoulli(0.5) ? -1f : 1f;
            SetTheta(theta, i, (float)cw * flip, (float)ch, (float)cx, (float)cy);
        }
        return Sample(x, theta, b, h, w, GridSampleMode.Bilinear);
    }

    private static void SetTheta(float[] theta, int i, float sx, float sy, float tx, float ty)
    {
        // [[sx, 0, tx], [0, sy, ty]] maps output coordinates to input coordinates.
        theta[i * 6 + 0] = sx;
        theta[i * 6 + 2] = tx;
        theta[i * 6 + 4] = sy;
        theta[i * 6 + 5] = ty;
    }

    private static Tensor Sample(Tensor x, float[] theta, long b, long h, long w, GridSampleMode mode)
    {
        using var t = tensor(theta).view(b, 2, 3);
        using var grid = nn.functional.affine_grid(t, new[] { b, x.shape[1], h, w }, align_corners: false);
        return nn.functional.grid_sample(x, grid, mode, GridSamplePaddingMode.Zeros, align_corners: false);
    }
}
