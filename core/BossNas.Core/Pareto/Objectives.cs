namespace BossNas.Core.Pareto;

/// <summary>Turns scores and costs into objectives to minimise, the form <see cref="Dominance"/> and the sorting take.</summary>
public static class Objectives
{
    /// <summary><paramref name="value"/> as an objective to minimise: itself when lower is better, its negation otherwise.</summary>
    public static double Minimised(double value, bool lowerIsBetter) => lowerIsBetter ? value : -value;

    /// <summary>
    /// The objective vector of a rated candidate: its score (in the evaluator's direction) followed by its costs (each in
    /// its metric's direction), all to minimise.
    /// </summary>
    public static double[] Of(double score, bool scoreLowerIsBetter, IReadOnlyList<double> costs, IReadOnlyList<bool> costLowerIsBetter)
    {
        var v = new double[costs.Count + 1];
        v[0] = Minimised(score, scoreLowerIsBetter);
        for (int i = 0; i < costs.Count; i++) v[i + 1] = Minimised(costs[i], costLowerIsBetter[i]);
        return v;
    }
}
