using static TorchSharp.torch;

namespace BossNas.Plugins.Dna;

/// <summary>DNA's two losses between a student block's output and the teacher's block output.</summary>
internal static class DistillationLoss
{
    /// <summary>
    /// The training loss: <c>nn.MSELoss()</c>, a plain mean of the squared difference over N·C·H·W, with no
    /// normalisation and no per-block weight (§3.3 step 4).
    /// </summary>
    public static Tensor Mse(Tensor student, Tensor target) => nn.functional.mse_loss(student, target);

    /// <summary>
    /// The rating: mean|s − t| / std(t) (the public code's <c>cl_loss</c>, §3.4), in float64; std is the unbiased
    /// standard deviation over every element of the target, as <c>target.std()</c>.
    /// </summary>
    public static double Normalised(Tensor student, Tensor target)
    {
        using var scope = NewDisposeScope();
        var s = student.to(ScalarType.Float64);
        var t = target.to(ScalarType.Float64);
        return (s - t).abs().mean().item<double>() / t.std().item<double>();
    }
}
