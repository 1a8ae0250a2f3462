using BossNas.Core.Architectures;
using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Pipeline;
using static TorchSharp.torch;

namespace BossNas.Tests.Pipeline;

/// <summary>
/// Rating reliability (τ between two rating passes on independent data) on a hand-made evaluator whose score is a
/// fixed signal per path plus noise drawn anew for every rating pass: with signal variance 1 and noise variance σ², the
/// two passes' scores correlate at r = 1 / (1 + σ²), and for jointly normal scores Kendall's τ = (2/π)·arcsin(r).
/// </summary>
public sealed class RatingReliabilityTests
{
    private const int Paths = 3000;

    /// <summary>Rating data that only says which pass it is (its seed draws the noise).</summary>
    private sealed class PassData(int seed) : IRatingData
    {
        public int Seed { get; } = seed;
        public IReadOnlyList<ViewPair> ViewBatches => [];
        public IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches => [];
        public IReadOnlyList<Tensor> CalibrationBatches => [];
    }

    private sealed class SignalPlusNoise(double noiseSd) : IEvaluator
    {
        public bool LowerIsBetter => false;
        public RatingScope Scope => RatingScope.BlockPaths;
        public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) => null;

        public IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates, EvaluationContext context)
        {
            var signal = new Random(12345);
            var noise = new Random(((PassData)context.Data).Seed);
            return candidates.Select(p => Rating.ForBlock(block, prefix, p, Normal(signal) + noiseSd * Normal(noise))).ToList();
        }

        private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void Tau_between_two_passes_lands_where_the_noise_puts_it(double noiseVariance)
    {
        var evaluator = new SignalPlusNoise(Math.Sqrt(noiseVariance));
        var candidates = Enumerable.Range(0, Paths).Select(i => new BlockPath([i])).ToList();
        EvaluationContext Pass(int seed) => new(null!, new InputShape(1, 1, 1, 1), null!, new PassData(seed), RunContext.ForTests());
        var first = evaluator.RateBlock(0, Architecture.Empty, candidates, Pass(1));

        var reliability = RatingReliability.OfBlock(evaluator, 0, Architecture.Empty, candidates, first, Pass(2));

        double expected = 2 / Math.PI * Math.Asin(1 / (1 + noiseVariance));
        Assert.Equal(Paths, reliability.Candidates);
        // The standard error of τ over 3,000 pairs is about 0.012.
        Assert.InRange(reliability.KendallTauB, expected - 0.04, expected + 0.04);
    }
}
