using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>
/// Recalibrates BatchNorm statistics for one candidate of a weight-sharing supernet: the shared running
/// statistics belong to no single path, so rating a path with them is biased. Reset, then forward
/// calibration batches in train mode with a cumulative average (momentum = null), as SPOS and BossNAS do.
/// </summary>
public static class BatchNormCalibration
{
    /// <summary>All BatchNorm modules below <paramref name="roots"/>.</summary>
    public static List<NormBase> Find(params nn.Module[] roots) =>
        // TorchSharp's modules() leaves out the module itself, unlike PyTorch's.
        roots.SelectMany(r => r.modules().Prepend(r)).OfType<NormBase>().Distinct().ToList();

    /// <summary>
    /// Resets the statistics of <paramref name="norms"/>, runs <paramref name="forward"/> on every batch in
    /// train mode without gradients, and leaves the cumulative average in the running statistics. The
    /// previous momentum of each layer is restored afterwards (BossNAS left it at 1, a bug we do not copy).
    /// </summary>
    public static void Recalibrate(IReadOnlyList<NormBase> norms, IEnumerable<Tensor> batches, Action<Tensor> forward,
        params nn.Module[] trainModeRoots)
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
                n.momentum = null;
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
