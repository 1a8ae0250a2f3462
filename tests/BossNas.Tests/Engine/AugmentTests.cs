using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using BossNas.Tests.Support;
using static TorchSharp.torch;

namespace BossNas.Tests.Engine;

/// <summary>Augmentations: shapes, exact values of known transforms, determinism per seed.</summary>
[Collection("Torch")]
public sealed class AugmentTests
{
    [Fact]
    public void Crop_without_shift_or_flip_is_identity_and_a_flip_mirrors()
    {
        using var scope = NewDisposeScope();
        var x = arange(16, dtype: ScalarType.Float32).view(1, 1, 4, 4);
        // padding 0: the only randomness left is the flip.
        var seen = new HashSet<string>();
        for (ulong seed = 0; seed < 16; seed++)
        {
            var y = GeometricAugment.CropWithPaddingAndFlip(x, 0, new SeededRandom(seed));
            var row = string.Join(",", y[0, 0, 0].data<float>().ToArray());
            seen.Add(row);
        }
        Assert.Equal(new[] { "0,1,2,3", "3,2,1,0" }.OrderBy(s => s), seen.OrderBy(s => s));
    }

    [Fact]
    public void Crop_with_padding_shifts_by_whole_pixels_and_fills_with_zeros()
    {
        using var scope = NewDisposeScope();
        var x = ones(8, 1, 6, 6);
        var y = GeometricAugment.CropWithPaddingAndFlip(x, 2, new SeededRandom(7));
        Assert.Equal(x.shape, y.shape);
        // every value is exactly 0 or 1 (nearest sampling), and each image keeps at least 4x4 of ones
        var v = y.data<float>().ToArray();
        Assert.All(v, a => Assert.True(a == 0f || a == 1f));
        for (int i = 0; i < 8; i++) Assert.True(y[i].sum().item<float>() >= 16);
    }

    [Fact]
    public void Solarize_inverts_values_above_half_and_grayscale_equalises_channels()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.2f, 0.7f }).view(1, 1, 1, 2);
        var s = PhotometricAugment.Solarize(x, 1.0, new SeededRandom(1));
        Assert.Equal(new[] { 0.2f, 0.3f }, s.data<float>().ToArray().Select(v => MathF.Round(v, 5)));
        var rgb = rand(2, 3, 4, 4);
        var g = PhotometricAugment.RandomGrayscale(rgb, 1.0, new SeededRandom(1));
        Assert.True(g[.., 0].allclose(g[.., 1]) && g[.., 1].allclose(g[.., 2]));
    }

    [Fact]
    public void Byol_views_are_deterministic_per_seed_and_differ_between_views()
    {
        using var scope = NewDisposeScope();
        using var data = new ImageTensors(SyntheticImages.Generate(8, 3, 16, 2, 1));
        var views = new ViewPipelines(Normalization.Of(data.Images));
        var (images, _) = data.Gather(Enumerable.Range(0, 8).Select(i => (long)i).ToArray());
        var a = views.Pair(images, ViewPipelineNames.Byol, new SeededRandom(3));
        var b = views.Pair(images, ViewPipelineNames.Byol, new SeededRandom(3));
        Assert.Equal(images.shape, a.View1.shape);
        Assert.True(a.View1.Equals(b.View1) && a.View2.Equals(b.View2));
        Assert.False(a.View1.allclose(a.View2));
        Assert.False(a.View1.isnan().any().item<bool>());
    }

    [Fact]
    public void Batches_are_the_same_with_and_without_prefetch()
    {
        using var data = EngineFixtures.Synthetic(count: 96);
        var request = new ViewRequest(2, ViewPipelineNames.CropFlip);
        var direct = EngineFixtures.Pipeline(data, batch: 16, prefetch: 0).Epoch(0, 1, 0, 6, request).ToList();
        var ahead = EngineFixtures.Pipeline(data, batch: 16, prefetch: 3).Epoch(0, 1, 0, 6, request).ToList();
        Assert.Equal(6, direct.Count);
        for (int i = 0; i < 6; i++)
        {
            Assert.True(direct[i].Images.Equals(ahead[i].Images));
            Assert.True(direct[i].Pairs[1].View2.Equals(ahead[i].Pairs[1].View2));
        }
        foreach (var b in direct.Concat(ahead)) b.Dispose();
    }

    [Theory]
    [InlineData(28, 0.99, 1.0)]    // σ ≤ 0.25 px: a point stays a point
    [InlineData(224, 0.0, 0.9)]    // σ up to 2 px: a point spreads
    public void Blur_is_relative_to_the_image_size_as_in_BYOL(int side, double minCenter, double maxCenter)
    {
        using var scope = NewDisposeScope();
        var pixels = new float[8 * side * side];
        for (int i = 0; i < 8; i++) pixels[i * side * side + side / 2 * side + side / 2] = 1f;
        var x = tensor(pixels).view(8, 1, side, side);
        var y = PhotometricAugment.GaussianBlur(x, 1.0, new SeededRandom(4));
        var centers = y.select(2, side / 2).select(2, side / 2).flatten().data<float>().ToArray();
        Assert.All(centers, c => Assert.InRange(c, minCenter, 1.0));
        Assert.True(centers.Min() <= maxCenter, $"smallest center {centers.Min()}");
        Assert.Equal(8.0, y.sum().item<float>(), 3); // blurring keeps the mass
    }
}
