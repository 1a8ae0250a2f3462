using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath.Tests;

/// <summary>
/// The <c>accuracy</c> evaluator equals a plain recomputation: reset every BN, average the statistics of the
/// calibration batches along the candidate's path (or update them with a momentum), then count correct validation
/// predictions in eval mode; rating other candidates in between changes nothing.
/// </summary>
[Collection("Torch")]
public sealed class AccuracyEvaluatorTests
{
    private sealed class Data : IRatingData, IDisposable
    {
        public Data()
        {
            manual_seed(21);
            CalibrationBatches = Enumerable.Range(0, 3).Select(_ => randn(16, 1, 16, 16) * 2 + 0.5).ToList();
            LabelledBatches = Enumerable.Range(0, 4).Select(_ => (randn(32, 1, 16, 16) * 2 + 0.5, randint(0, 4, 32, dtype: int64))).ToList();
        }

        public IReadOnlyList<ViewPair> ViewBatches => Array.Empty<ViewPair>();

        public IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches { get; }

        public IReadOnlyList<Tensor> CalibrationBatches { get; }

        public void Dispose()
        {
            foreach (var t in CalibrationBatches) t.Dispose();
            foreach (var (i, l) in LabelledBatches)
            {
                i.Dispose();
                l.Dispose();
            }
        }
    }

    /// <summary>The recomputation, written out: cumulative average = mean of the per-batch means and unbiased variances.</summary>
    private static (double Accuracy, List<Tensor> Means) Plain(ISupervisionStrategy strategy, Data data, Architecture arch, double? momentum)
    {
        var s = (SinglePathStrategy)strategy;
        var norms = strategy.Supernet.modules().OfType<BatchNorm2d>().ToList();
        using (no_grad())
        {
            var sums = norms.Select(n => (Mean: zeros_like(n.running_mean!), Var: zeros_like(n.running_var!), Seen: 0)).ToArray();
            foreach (var n in norms)
            {
                n.running_mean!.zero_();
                n.running_var!.fill_(1);
            }
            // Capture each BN's batch statistics of its input with forward hooks.
            var removers = new List<Action>();
            for (int i = 0; i < norms.Count; i++)
            {
                int k = i;
                var hook = norms[k].register_forward_pre_hook((m, x) =>
                {
                    var mean = x.mean(new long[] { 0, 2, 3 });
                    var variance = x.var(new long[] { 0, 2, 3 }, unbiased: true);
                    if (momentum is double mo)
                    {
                        norms[k].running_mean!.mul_(1 - mo).add_(mean * mo);
                        norms[k].running_var!.mul_(1 - mo).add_(variance * mo);
                    }
                    else
                    {
                        sums[k].Mean.add_(mean);
                        sums[k].Var.add_(variance);
                        sums[k].Seen++;
                    }
                    return x;
                });
                removers.Add(hook.remove);
            }
            // Train mode normalises with batch statistics; momentum 0 keeps the BNs' own updates out: the hooks compute them.
            var momenta = norms.Select(n => n.momentum).ToList();
            foreach (var n in norms) n.momentum = 0.0;
            strategy.Modules.train();
            foreach (var batch in data.CalibrationBatches) strategy.Supernet.ForwardFeatures(batch, arch);
            foreach (var r in removers) r();
            for (int i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
            strategy.Modules.eval();
            for (int i = 0; i < norms.Count; i++)
                if (momentum is null && sums[i].Seen > 0)
                {
                    norms[i].running_mean!.copy_(sums[i].Mean / sums[i].Seen);
                    norms[i].running_var!.copy_(sums[i].Var / sums[i].Seen);
                }
            long correct = 0, total = 0;
            foreach (var (images, labels) in data.LabelledBatches)
            {
                Tensor logits = s.Logits(images, arch);
                correct += logits.argmax(1).eq(labels).sum().item<long>();
                total += labels.shape[0];
            }
            strategy.Modules.train();
            return ((double)correct / total, norms.Select(n => n.running_mean!.clone()).ToList());
        }
    }

    [Theory]
    [InlineData("cumulative")]
    [InlineData("momentum")]
    public void Rating_with_recalibration_equals_a_plain_recomputation(string calibration)
    {
        var space = SinglePathKit.BnNasSpace(affine: false);
        var strategy = SinglePathKit.Strategy("spos", space, 5);
        using var data = new Data();
        var rng = new SeededRandom(5);
        var a = space.SampleArchitecture(rng);
        var b = space.SampleArchitecture(rng);
        var evaluator = SpaceTestKit.Create<IEvaluator>(ComponentKind.Evaluator, "accuracy", ("Calibration", calibration), ("Momentum", 0.3));
        var context = new EvaluationContext(space, SinglePathKit.Input, strategy, data, RunContext.ForTests());
        strategy.Modules.train();

        var ratings = evaluator.RateArchitectures(new[] { a, b, a }, context);
        Assert.Equal(ratings[0].Score, ratings[2].Score);
        var evaluatorMeans = strategy.Supernet.modules().OfType<BatchNorm2d>().Select(n => n.running_mean!.clone()).ToList();
        Assert.True(strategy.Modules.training, "the evaluator restores the modules' mode");

        var (accuracy, means) = Plain(strategy, data, a, calibration == "momentum" ? 0.3 : null);
        Assert.Equal(accuracy, ratings[0].Score, 10);
        for (int i = 0; i < means.Count; i++) SpaceTestKit.AssertClose(evaluatorMeans[i], means[i], 1e-4);
        // The statistics were really re-estimated: the path's BNs hold non-trivial means.
        Assert.Contains(means, m => m.abs().max().item<float>() > 1e-3);
        var (accuracyB, _) = Plain(strategy, data, b, calibration == "momentum" ? 0.3 : null);
        Assert.Equal(accuracyB, ratings[1].Score, 10);
    }
}
