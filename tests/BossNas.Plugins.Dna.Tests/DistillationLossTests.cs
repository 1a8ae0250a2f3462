using static TorchSharp.torch;

namespace BossNas.Plugins.Dna.Tests;

/// <summary>DNA's losses on hand-made tensors.</summary>
[Collection("Torch")]
public sealed class DistillationLossTests
{
    private static readonly Func<Tensor, Tensor, Tensor> Mse = DistillationLoss.Mse;
    private static readonly Func<Tensor, Tensor, double> Normalised = DistillationLoss.Normalised;

    [Fact]
    public void The_training_loss_is_the_plain_mean_squared_error_over_every_element()
    {
        using var scope = NewDisposeScope();
        var s = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);
        var t = tensor(new float[] { 2, 2, 2, 6 }).reshape(1, 1, 2, 2);
        // (1 + 0 + 1 + 4) / 4
        Assert.Equal(1.5, Mse(s, t).item<float>(), 6);
    }

    [Fact]
    public void The_rating_is_the_mean_absolute_error_over_the_unbiased_std_of_the_target()
    {
        using var scope = NewDisposeScope();
        var s = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);
        var t = tensor(new float[] { 2, 2, 2, 6 }).reshape(1, 1, 2, 2);
        // mean|s - t| = (1 + 0 + 1 + 2) / 4 = 1; t has mean 3 and unbiased variance (1 + 1 + 1 + 9) / 3 = 4, std 2.
        Assert.Equal(0.5, Normalised(s, t), 12);
        // Scale-free: multiplying student and teacher by 10 gives the same rating.
        Assert.Equal(0.5, Normalised(s * 10, t * 10), 12);
    }

    [Fact]
    public void The_rating_is_computed_in_float64()
    {
        using var scope = NewDisposeScope();
        // A difference float32 cannot hold next to 1e6 (its spacing there is 0.0625).
        var t = tensor(new double[] { 1e6, 1e6 + 2 });
        var s = tensor(new double[] { 1e6 + 1e-3, 1e6 + 2 });
        Assert.Equal(0.5e-3 / Math.Sqrt(2), Normalised(s, t), 9);
    }
}
