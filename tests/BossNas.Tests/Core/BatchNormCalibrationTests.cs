using BossNas.Core.Nn;
using static TorchSharp.torch;

namespace BossNas.Tests.Core;

/// <summary>BN recalibration leaves the cumulative average statistics of the calibration batches.</summary>
[Collection("Torch")]
public sealed class BatchNormCalibrationTests
{
    [Fact]
    public void Recalibrated_statistics_are_the_average_over_calibration_batches_and_momentum_is_restored()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var bn = nn.BatchNorm2d(3, momentum: 0.1);
        bn.eval();
        var batches = new[] { randn(4, 3, 5, 5).add(2), randn(4, 3, 5, 5).mul(3) };
        BatchNormCalibration.Recalibrate(BatchNormCalibration.Find(bn), batches, b => bn.call(b), bn);

        // Cumulative average of the per-batch means and unbiased variances.
        var expectedMean = batches.Select(b => b.mean(new long[] { 0, 2, 3 })).Aggregate((a, b) => a.add(b)).div(2);
        var expectedVar = batches.Select(b => b.var(new long[] { 0, 2, 3 })).Aggregate((a, b) => a.add(b)).div(2);
        Assert.True(bn.running_mean!.allclose(expectedMean, rtol: 1e-4, atol: 1e-5));
        Assert.True(bn.running_var!.allclose(expectedVar, rtol: 1e-4, atol: 1e-5));
        Assert.Equal(0.1, bn.momentum);
        Assert.False(bn.training); // mode restored
    }

    [Fact]
    public void Ema_moves_target_towards_online_by_one_minus_momentum()
    {
        using var scope = NewDisposeScope();
        var online = nn.Linear(2, 1);
        var target = nn.Linear(2, 1);
        using (no_grad())
        {
            online.weight!.copy_(tensor(new[] { 1f, 1f }).view(1, 2));
            target.weight!.copy_(tensor(new[] { 0f, 2f }).view(1, 2));
        }
        Ema.Update(target, online, 0.9);
        // 0.9·[0,2] + 0.1·[1,1] = [0.1, 1.9]
        Assert.True(target.weight!.allclose(tensor(new[] { 0.1f, 1.9f }).view(1, 2)));
        Assert.Equal(0.99, Ema.CosineMomentum(0.99, 0, 100), 12);
        Assert.Equal(1.0, Ema.CosineMomentum(0.99, 100, 100), 12);
        Assert.Equal(0.995, Ema.CosineMomentum(0.99, 50, 100), 12);
    }
}
