using BossNas.Core.Context;
using static TorchSharp.torch;

namespace BossNas.Engine.Data.Augment;

/// <summary>
/// BYOL's colour augmentations for a batch in [0,1], each sample with its own random factors: colour jitter,
/// grayscale, Gaussian blur and solarisation. Jitter is applied in a fixed order (brightness, contrast,
/// saturation, hue) rather than torchvision's random order; hue rotates chroma in YIQ space.
/// </summary>
internal static class PhotometricAugment
{
    /// <summary>Colour jitter with probability <paramref name="p"/> per sample.</summary>
    public static Tensor ColorJitter(Tensor x, double brightness, double contrast, double saturation, double hue,
        double p, SeededRandom rng)
    {
        long b = x.shape[0];
        using var scope = NewDisposeScope();
        var apply = BatchRandom.Mask(rng, b, p);
        var y = x.mul(BatchRandom.Uniform(rng, b, 1 - brightness, 1 + brightness));
        var gray = Gray(y).mean(new long[] { 1, 2, 3 }, keepdim: true);
        y = y.sub(gray).mul_(BatchRandom.Uniform(rng, b, 1 - contrast, 1 + contrast)).add_(gray);
        if (x.shape[1] == 3)
        {
            var g = Gray(y);
            y = y.sub(g).mul_(BatchRandom.Uniform(rng, b, 1 - saturation, 1 + saturation)).add_(g);
            y = RotateHue(y, BatchRandom.Uniform(rng, b, -hue, hue).mul_(2 * Math.PI));
        }
        y = y.clamp_(0, 1);
        return BatchRandom.Where(apply, y, x).MoveToOuterDisposeScope();
    }

    /// <summary>Grayscale (kept as C channels) with probability <paramref name="p"/> per sample.</summary>
    public static Tensor RandomGrayscale(Tensor x, double p, SeededRandom rng)
    {
        using var scope = NewDisposeScope();
        var mask = BatchRandom.Mask(rng, x.shape[0], p);
        return BatchRandom.Where(mask, Gray(x).expand_as(x), x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Gaussian blur with σ ~ U(0.1, 2.0) px · side / 224 (BYOL's blur of 224-px images, relative to the image size, so
    /// a 28-px image gets σ ≤ 0.25 px), with probability <paramref name="p"/> per sample.
    /// </summary>
    public static Tensor GaussianBlur(Tensor x, double p, SeededRandom rng)
    {
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        // BYOL blurs 224-px images with a 23-px kernel (10 % of the side) and σ in [0.1, 2.0] px: σ scales with the
        // image side, so a 28-px image gets σ in [0.0125, 0.25] px (blur relative to the image as in BYOL).
        double scale = Math.Min(1.0, h / 224.0);
        int radius = Math.Max(1, (int)Math.Ceiling(3 * 2.0 * scale));
        int k = 2 * radius + 1;
        var kernels = new float[b * k];
        var apply = new bool[b];
        for (int i = 0; i < b; i++)
        {
            apply[i] = rng.Bernoulli(p);
            double sigma = rng.Uniform(0.1, 2.0) * scale;
            double sum = 0;
            for (int j = 0; j < k; j++) sum += kernels[i * k + j] = (float)Math.Exp(-Math.Pow(j - radius, 2) / (2 * sigma * sigma));
            for (int j = 0; j < k; j++) kernels[i * k + j] = apply[i] ? (float)(kernels[i * k + j] / sum) : (j == radius ? 1f : 0f);
        }
        if (!apply.Any()) return x.alias();
        using var scope = NewDisposeScope();
        // One separable depthwise convolution over all samples: the batch is folded into channels.
        var kt = tensor(kernels).view(b, 1, k).repeat_interleave(c, dim: 0);
        var folded = x.reshape(1, b * c, h, w);
        folded = nn.functional.pad(folded, new long[] { radius, radius, radius, radius }, TorchSharp.PaddingModes.Reflect);
        var y = nn.functional.conv2d(folded, kt.view(b * c, 1, k, 1), groups: b * c);
        y = nn.functional.conv2d(y, kt.view(b * c, 1, 1, k), groups: b * c);
        return y.view(b, c, h, w).MoveToOuterDisposeScope();
    }

    /// <summary>Solarisation (v → 1 − v above 0.5) with probability <paramref name="p"/> per sample.</summary>
    public static Tensor Solarize(Tensor x, double p, SeededRandom rng)
    {
        using var scope = NewDisposeScope();
        var mask = BatchRandom.Mask(rng, x.shape[0], p);
        var solarized = where(x.lt(0.5), x, x.neg().add_(1));
        return BatchRandom.Where(mask, solarized, x).MoveToOuterDisposeScope();
    }

    private static Tensor Gray(Tensor x) => x.shape[1] == 3
        ? x[.., 0..1].mul(0.299).add_(x[.., 1..2].mul(0.587)).add_(x[.., 2..3].mul(0.114))
        : x.mean(new long[] { 1 }, keepdim: true);

    private static Tensor RotateHue(Tensor rgb, Tensor angle)
    {
        // YIQ keeps luma in Y; a hue shift rotates the (I, Q) chroma plane.
        var r = rgb[.., 0..1];
        var g = rgb[.., 1..2];
        var bl = rgb[.., 2..3];
        var y = r.mul(0.299).add_(g.mul(0.587)).add_(bl.mul(0.114));
        var i = r.mul(0.596).sub_(g.mul(0.274)).sub_(bl.mul(0.322));
        var q = r.mul(0.211).sub_(g.mul(0.523)).add_(bl.mul(0.312));
        var cos = angle.cos();
        var sin = angle.sin();
        var i2 = i.mul(cos).sub_(q.mul(sin));
        var q2 = i.mul(sin).add_(q.mul(cos));
        var r2 = y.add(i2.mul(0.956)).add_(q2.mul(0.621));
        var g2 = y.sub(i2.mul(0.272)).sub_(q2.mul(0.647));
        var b2 = y.sub(i2.mul(1.106)).add_(q2.mul(1.703));
        return cat(new[] { r2, g2, b2 }, 1);
    }
}
