using static TorchSharp.torch;

namespace BossNas.Engine.Data.Augment;

/// <summary>Per-channel mean and standard deviation of a training set, for input normalisation.</summary>
internal sealed record Normalization(float[] Mean, float[] Std)
{
    /// <summary>Computes the statistics of uint8 images [N,C,H,W] (over a subsample of at most 10k images).</summary>
    public static Normalization Of(Tensor images)
    {
        using var scope = NewDisposeScope();
        long n = Math.Min(images.shape[0], 10_000);
        var x = images.narrow(0, 0, n).to_type(ScalarType.Float32).div_(255f);
        var mean = x.mean(new long[] { 0, 2, 3 }).data<float>().ToArray();
        var std = x.std(new long[] { 0, 2, 3 }).data<float>().ToArray();
        return new Normalization(mean, std.Select(s => Math.Max(s, 1e-3f)).ToArray());
    }

    /// <summary>(x − mean) / std per channel, in place on a float batch in [0,1].</summary>
    public Tensor Apply(Tensor x)
    {
        using var m = tensor(Mean).view(1, -1, 1, 1);
        using var s = tensor(Std).view(1, -1, 1, 1);
        return x.sub_(m).div_(s);
    }
}
