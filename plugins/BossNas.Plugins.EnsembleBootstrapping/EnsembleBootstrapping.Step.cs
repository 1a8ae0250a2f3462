using BossNas.Core.Architectures;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>One training step of ensemble bootstrapping.</summary>
public sealed partial class EnsembleBootstrapping
{
    /// <inheritdoc />
    public double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context)
    {
        var m = Built;
        if (_block < 0) throw new InvalidOperationException("ensemble_bootstrapping: TrainStep before StartStage");
        var paths = SamplePaths(context.Rng["sampling"]);
        bool shared = _options.Pairs == PairSharing.Shared;
        int pairsNeeded = shared ? 1 : paths.Count;
        if (batch.Pairs.Count < pairsNeeded)
            throw new ArgumentException($"ensemble_bootstrapping needs {pairsNeeded} view pairs per batch " +
                                        $"({paths.Count} paths, pairs = {(shared ? "shared" : "per_path")}), " +
                                        $"got {batch.Pairs.Count}", nameof(batch));
        ViewPair PairOf(int path) => batch.Pairs[shared ? 0 : path];

        // Everything of the step lives in this scope; only the returned double leaves it.
        using var stepScope = NewDisposeScope();
        var (target1, target2) = EnsembleTargets(m, paths, PairOf);

        // The stem trains with block 0; later the prefix takes gradient only when earlier blocks are fine-tuned.
        bool prefixGrad = _block == 0 || !_options.FreezeEarlierBlocks;
        // Without gradient into the prefix, a shared pair's prefix features serve every path.
        Tensor? shared1 = null, shared2 = null;
        if (shared && !prefixGrad)
        {
            shared1 = SiameseModules.PrefixFeatures(m.Online, PairOf(0).View1.to(_device), _prefix, withGrad: false);
            shared2 = SiameseModules.PrefixFeatures(m.Online, PairOf(0).View2.to(_device), _prefix, withGrad: false);
        }

        double total = 0;
        for (int i = 0; i < paths.Count; i++)
        {
            // One path at a time, backward right away: only one path's graph is alive at once.
            using var pathScope = NewDisposeScope();
            var pair = PairOf(i);
            var f1 = shared1 ?? SiameseModules.PrefixFeatures(m.Online, pair.View1.to(_device), _prefix, prefixGrad);
            var f2 = shared2 ?? SiameseModules.PrefixFeatures(m.Online, pair.View2.to(_device), _prefix, prefixGrad);
            var z1 = m.OnlineProjection(_block, f1, _prefix, paths[i]);
            var z2 = m.OnlineProjection(_block, f2, _prefix, paths[i]);
            var loss = BootstrapMath.Loss(m.Predict(_block, z1), target2) +
                       BootstrapMath.Loss(m.Predict(_block, z2), target1);
            (loss * lossScale).backward();
            total += loss.item<float>();
        }
        return total / paths.Count;
    }

    /// <summary>
    /// The ensemble targets T1, T2 (no gradient): the mean over the sampled paths of the normalised target
    /// projections, each path on its own pair.
    /// </summary>
    private (Tensor T1, Tensor T2) EnsembleTargets(SiameseModules m, IReadOnlyList<BlockPath> paths,
        Func<int, ViewPair> pairOf)
    {
        using var noGrad = no_grad();
        bool shared = _options.Pairs == PairSharing.Shared;
        Tensor? f1Shared = null, f2Shared = null;
        if (shared)
        {
            f1Shared = SiameseModules.PrefixFeatures(m.Target, pairOf(0).View1.to(_device), _prefix, withGrad: false);
            f2Shared = SiameseModules.PrefixFeatures(m.Target, pairOf(0).View2.to(_device), _prefix, withGrad: false);
        }
        Tensor? sum1 = null, sum2 = null;
        for (int j = 0; j < paths.Count; j++)
        {
            using var pathScope = NewDisposeScope();
            var pair = pairOf(j);
            var f1 = f1Shared ?? SiameseModules.PrefixFeatures(m.Target, pair.View1.to(_device), _prefix, withGrad: false);
            var f2 = f2Shared ?? SiameseModules.PrefixFeatures(m.Target, pair.View2.to(_device), _prefix, withGrad: false);
            var n1 = BootstrapMath.Normalize(m.TargetProjection(_block, f1, _prefix, paths[j]));
            var n2 = BootstrapMath.Normalize(m.TargetProjection(_block, f2, _prefix, paths[j]));
            if (sum1 is null || sum2 is null)
            {
                sum1 = n1.MoveToOuterDisposeScope();
                sum2 = n2.MoveToOuterDisposeScope();
            }
            else
            {
                sum1.add_(n1);
                sum2.add_(n2);
            }
        }
        return (sum1!.div_(paths.Count), sum2!.div_(paths.Count));
    }

    private IReadOnlyList<BlockPath> SamplePaths(SeededRandom rng)
    {
        var paths = UseFairSampling
            ? Space.SampleBlockPaths(_block, _prefix, PathsRequested(_block), PathSampling.StrictFair, rng)
            : Space.SampleBlockPaths(_block, _prefix, Math.Min(_options.PathsPerStep, _candidateCount),
                PathSampling.Uniform, rng);
        if (paths.Count == 0) throw new InvalidOperationException($"the space sampled no path for block {_block}");
        return paths;
    }
}
