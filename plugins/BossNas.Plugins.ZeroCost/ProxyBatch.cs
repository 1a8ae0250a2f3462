using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost;

/// <summary>The minibatch a proxy scores: images and, for the proxies that take a loss, their labels.</summary>
/// <param name="Images">Images, [N, C, H, W].</param>
/// <param name="Labels">Class indices, [N].</param>
public sealed record ProxyBatch(Tensor Images, Tensor Labels)
{
    /// <summary>
    /// The first <paramref name="images"/> images of the run's labelled rating batches (all of them when there are
    /// fewer), in the caller's dispose scope. Every architecture of a run sees the same batch.
    /// </summary>
    public static ProxyBatch FromRating(IRatingData data, int images)
    {
        var xs = new List<Tensor>();
        var ys = new List<Tensor>();
        long n = 0;
        foreach (var (x, y) in data.LabelledBatches)
        {
            if (n >= images) break;
            xs.Add(x);
            ys.Add(y);
            n += x.shape[0];
        }
        if (xs.Count == 0) throw new InvalidOperationException("the run's rating data has no labelled batch to score");
        long take = Math.Min(n, images);
        return new ProxyBatch(cat(xs, 0).narrow(0, 0, take), cat(ys, 0).narrow(0, 0, take));
    }

    /// <summary>One all-zero image of <paramref name="input"/> with label 0: the shape for the data-free proxies.</summary>
    public static ProxyBatch ShapeOnly(InputShape input, Device device) =>
        new(zeros(1, input.Channels, input.Height, input.Width, device: device), zeros(1, ScalarType.Int64, device: device));
}
