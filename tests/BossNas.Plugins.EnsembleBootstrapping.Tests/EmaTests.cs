using BossNas.Core.Nn;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping.Tests;

/// <summary>The target network's EMA, on hand-made weights.</summary>
[Collection("Torch")]
public sealed class EmaTests
{
    [Fact]
    public void Update_moves_each_target_parameter_towards_the_online_one()
    {
        using var target = nn.Linear(2, 1);
        using var online = nn.Linear(2, 1);
        using (no_grad())
        {
            target.weight!.copy_(tensor(new float[,] { { 1, 2 } }));
            target.bias!.copy_(tensor(new float[] { 0 }));
            online.weight!.copy_(tensor(new float[,] { { 3, 6 } }));
            online.bias!.copy_(tensor(new float[] { 1 }));
        }

        Ema.Update(target, online, 0.9);

        // 0.9·[1, 2] + 0.1·[3, 6] = [1.2, 2.4]; 0.9·0 + 0.1·1 = 0.1.
        Assert.Equal(new[] { 1.2f, 2.4f }, target.weight!.data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(0.1f, target.bias!.item<float>(), 1e-6f);
        Assert.Equal(new[] { 3f, 6f }, online.weight!.data<float>().ToArray());
    }

    [Fact]
    public void Update_refuses_modules_whose_parameters_differ()
    {
        using var target = nn.Linear(2, 1);
        using var online = nn.Linear(2, 1, hasBias: false);
        Assert.Throws<ArgumentException>(() => Ema.Update(target, online, 0.9));
    }

    [Theory]
    [InlineData(0, 100, 0.99)]
    [InlineData(50, 100, 0.995)]
    [InlineData(100, 100, 1.0)]
    [InlineData(0, 0, 1.0)]
    public void Cosine_momentum_rises_from_base_to_one(long step, long total, double expected) =>
        Assert.Equal(expected, Ema.CosineMomentum(0.99, step, total), 12);

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => System.Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
