using BossNas.Engine.Correlation;
using Xunit;

namespace BossNas.Tests.Correlation;

public sealed class RankCorrelationTests
{
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(2, 50, 5)]
    [InlineData(3, 200, 10)]
    [InlineData(4, 500, 4)]
    [InlineData(5, 1000, 1000)]
    [InlineData(6, 2000, 30)]
    public void KendallTauBMatchesNaiveWithTies(int seed, int n, int distinctValues)
    {
        // Few distinct values give ties in x, in y and joint ties, which exercise every term of Knight's formula.
        var random = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => (double)random.Next(distinctValues)).ToArray();
        var y = x.Select(v => random.Next(3) == 0 ? v : random.Next(distinctValues)).Select(v => (double)v).ToArray();

        Assert.Equal(RankCorrelation.KendallTauBNaive(x, y), RankCorrelation.KendallTauB(x, y), Tolerance);
    }

    [Fact]
    public void HandComputedExampleWithTiesInY()
    {
        double[] x = [1, 2, 3, 4, 5], y = [5, 6, 7, 8, 7];

        // Kendall: of the 10 pairs, 8 are concordant, (4,5) is discordant (8 > 7), (3,5) is tied in y (7 = 7).
        // n0 = 10, ties in x n1 = 0, ties in y n2 = 1: tau_b = (8 - 1) / sqrt(10 * 9) = 7 / sqrt(90).
        Assert.Equal(7 / Math.Sqrt(90), RankCorrelation.KendallTauB(x, y), Tolerance);
        Assert.Equal(7 / Math.Sqrt(90), RankCorrelation.KendallTauBNaive(x, y), Tolerance);

        // Spearman: ranks of y are [1, 2, 3.5, 5, 3.5] (the two 7s share ranks 3 and 4); both rank means are 3.
        // Deviations x: [-2,-1,0,1,2], y: [-2,-1,0.5,2,0.5]; Sxy = 4+1+0+2+1 = 8, Sxx = 10, Syy = 4+1+0.25+4+0.25 = 9.5.
        // rho = 8 / sqrt(10 * 9.5) = 8 / sqrt(95).
        Assert.Equal(8 / Math.Sqrt(95), RankCorrelation.SpearmanRho(x, y), Tolerance);

        // Pearson: mean y = 33/5 = 6.6, deviations y: [-1.6,-0.6,0.4,1.4,0.4].
        // Sxy = 3.2+0.6+0+1.4+0.8 = 6, Sxx = 10, Syy = 2.56+0.36+0.16+1.96+0.16 = 5.2: r = 6 / sqrt(52).
        Assert.Equal(6 / Math.Sqrt(52), RankCorrelation.PearsonR(x, y), Tolerance);
    }

    [Fact]
    public void HandComputedExampleWithTiesInBoth()
    {
        double[] x = [1, 1, 2, 2, 3], y = [1, 2, 1, 2, 3];

        // Pairs (1-based): concordant (1,4) (1,5) (2,5) (3,5) (4,5) = 5; discordant (2,3) = 1;
        // tied in x (1,2) (3,4) -> n1 = 2; tied in y (1,3) (2,4) -> n2 = 2; no joint ties.
        // tau_b = (5 - 1) / sqrt((10 - 2) * (10 - 2)) = 4 / 8 = 0.5.
        Assert.Equal(0.5, RankCorrelation.KendallTauB(x, y), Tolerance);

        // Average ranks x: [1.5,1.5,3.5,3.5,5], y: [1.5,3.5,1.5,3.5,5], both with mean 3.
        // Deviations x: [-1.5,-1.5,0.5,0.5,2], y: [-1.5,0.5,-1.5,0.5,2];
        // Sxy = 2.25-0.75-0.75+0.25+4 = 5, Sxx = Syy = 2.25+2.25+0.25+0.25+4 = 9: rho = 5/9.
        Assert.Equal(5.0 / 9.0, RankCorrelation.SpearmanRho(x, y), Tolerance);
    }

    [Fact]
    public void PerfectAndInverseRelationsGiveOne()
    {
        var x = Enumerable.Range(1, 50).Select(i => (double)i).ToArray();
        var up = x.Select(v => 2 * v + 1).ToArray();
        var down = x.Select(v => -3 * v + 2).ToArray();

        Assert.Equal(new CorrelationResult(50, 1, 1, 1), RankCorrelation.Compute(x, up));
        Assert.Equal(new CorrelationResult(50, -1, -1, -1), RankCorrelation.Compute(x, down));

        // A monotone but non-linear relation is perfect for the rank coefficients only.
        var cubic = x.Select(v => -v * v * v).ToArray();
        Assert.Equal(-1, RankCorrelation.KendallTauB(x, cubic));
        Assert.Equal(-1, RankCorrelation.SpearmanRho(x, cubic), Tolerance);
        Assert.True(RankCorrelation.PearsonR(x, cubic) > -1);
    }

    [Fact]
    public void ConstantSampleGivesNaN()
    {
        double[] x = [1, 2, 3], y = [4, 4, 4];

        var result = RankCorrelation.Compute(x, y);

        Assert.True(double.IsNaN(result.KendallTauB) && double.IsNaN(result.SpearmanRho) && double.IsNaN(result.PearsonR));
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Contains("equal lengths", Assert.Throws<ArgumentException>(() => RankCorrelation.Compute([1, 2, 3], [1, 2])).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => RankCorrelation.KendallTauB([1], [1])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => RankCorrelation.SpearmanRho([1, double.NaN], [1, 2])).Message);
    }

    [Fact]
    public void ResultPrintsSignedFourDecimals()
    {
        var result = new CorrelationResult(23, -0.646812, 0.5, 0.77714999);

        Assert.Equal("n=23 kendall_tau_b=-0.6468 spearman_rho=+0.5000 pearson_r=+0.7771", result.ToString());
    }
}
