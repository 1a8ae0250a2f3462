using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>
/// Recalibrates BatchNorm statistics for one candidate of a weight-sharing supernet: the shared running statistics
/// belong to no single path, so rating a path with them is biased. Reset, then forward calibration batches in train
/// mode. Over several batches the statistics are either their cumulative average (momentum = null, as SPOS's
/// recalibration does) or those of the last batch (momentum = 1, as BossNAS's <c>update_bn_stats</c> does); for one
/// batch the two are the same.
/// </summary>
public static class BatchNormCalibration
{
    /// <summary>All BatchNorm modules below <paramref name="roots"/>.</summary>
    public static List<NormBase> Find(params nn.Module[] roots) =>
        // TorchSharp's modules() leaves out the module itself, unlike PyTorch's.
        roots.SelectMany(r => r.modules().Prepend(r)).OfType<NormBase>().Distinct().ToList();

    /// <summary>
    /// Resets the statistics of <paramref name="norms"/>, runs <paramref name="forward"/> on every batch in train mode
    /// without gradients, and leaves the cumulative average of the batches' statistics in the running statistics
    /// (cumulative). The previous momentum and train/eval mode of each layer are restored afterwards (BossNAS left
    /// momentum at 1, which we do not copy).
    /// </summary>
    public static void Recalibrate(IReadOnlyList<NormBase> norms, IEnumerable<Tensor> batches, Action<Tensor> forward,
        params nn.Module[] trainModeRoots) => Recalibrate(norms, batches, forward, lastBatchOnly: false, trainModeRoots);

    /// <summary>
    /// As <see cref="Recalibrate(IReadOnlyList{NormBase}, IEnumerable{Tensor}, Action{Tensor}, nn.Module[])"/>, keeping
    /// only the last batch's statistics (momentum 1, as BossNAS) when <paramref name="lastBatchOnly"/>.
    /// </summary>
    public static void Recalibrate(IReadOnlyList<NormBase> norms, IEnumerable<Tensor> batches, Action<Tensor> forward,
        bool lastBatchOnly, params nn.Module[] trainModeRoots)
    {
        var momenta = norms.Select(n => n.momentum).ToList();
        var modes = trainModeRoots.Select(r => r.training).ToList();
        using (no_grad())
        {
            foreach (var n in norms)
            {
                n.running_mean?.zero_();
                n.running_var?.fill_(1);
                n.num_batches_tracked?.zero_();
                n.momentum = lastBatchOnly ? 1.0 : null;
            }
            foreach (var r in trainModeRoots) r.train();
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                forward(batch);
            }
        }
        for (int i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
        for (int i = 0; i < trainModeRoots.Length; i++) trainModeRoots[i].train(modes[i]);
    }
}
