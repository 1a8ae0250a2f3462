using BossNas.Engine.Data;
using Xunit;

namespace BossNas.Tests.Data;

public sealed class SyntheticImagesTests
{
    [Fact]
    public void SameSeedGivesSameDataAndLabelsAreBalanced()
    {
        var a = SyntheticImages.Generate(count: 50, channels: 3, size: 8, classes: 5, seed: 9);
        var b = SyntheticImages.Generate(count: 50, channels: 3, size: 8, classes: 5, seed: 9);
        var c = SyntheticImages.Generate(count: 50, channels: 3, size: 8, classes: 5, seed: 10);

        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Pixels, c.Pixels);
        Assert.All(a.Labels.GroupBy(l => l), g => Assert.Equal(10, g.Count()));
        Assert.Equal(["class0", "class1", "class2", "class3", "class4"], a.ClassNames);
    }

    [Fact]
    public void ClassMeansAreDistinct()
    {
        var means = Enumerable.Range(0, 10).Select(k => SyntheticImages.ClassMean(k, 1, 4)).ToArray();

        for (int i = 0; i < means.Length; i++)
            for (int j = i + 1; j < means.Length; j++)
                Assert.NotEqual(means[i], means[j]);
    }

    [Fact]
    public void NearestClassMeanClassifiesAFreshSeed()
    {
        // A set from another seed must share the class patterns, so it can act as test data.
        var set = SyntheticImages.Generate(count: 200, channels: 1, size: 12, classes: 10, seed: 77);
        var means = Enumerable.Range(0, 10).Select(k => SyntheticImages.ClassMean(k, 1, 12)).ToArray();

        int correct = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var image = set.Pixels.AsSpan(i * set.ImageBytes, set.ImageBytes).ToArray();
            int best = Enumerable.Range(0, 10).MinBy(k => image.Zip(means[k], (p, m) => (p - m) * (p - m)).Sum());
            if (best == set.Labels[i])
                correct++;
        }

        Assert.True(correct >= 198, $"only {correct}/200 classified by nearest class mean");
    }

    [Fact]
    public void ZeroNoiseReproducesTheClassMeans()
    {
        var set = SyntheticImages.Generate(count: 6, channels: 2, size: 5, classes: 3, seed: 1, noise: 0);

        for (int i = 0; i < set.Count; i++)
            Assert.Equal(SyntheticImages.ClassMean((int)set.Labels[i], 2, 5),
                set.Pixels.AsSpan(i * set.ImageBytes, set.ImageBytes).ToArray());
    }
}
