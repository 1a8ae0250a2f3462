using BossNas.Core.Pareto;

namespace BossNas.Tests.Core;

/// <summary>
/// NSGA-II's building blocks against hand-made examples: dominance and Deb's constrained dominance, fast non-dominated
/// sorting (with duplicates and with constraint violations), crowding distance, and the two-objective hypervolume.
/// </summary>
public sealed class ParetoTests
{
    private static List<IReadOnlyList<double>> Points(params double[][] p) => p.Select(x => (IReadOnlyList<double>)x).ToList();

    [Fact]
    public void Dominance_needs_no_worse_in_every_objective_and_better_in_one()
    {
        Assert.True(Dominance.Dominates([1, 2], [1, 3]));
        Assert.True(Dominance.Dominates([0, 0, 0], [1, 1, 1]));
        Assert.False(Dominance.Dominates([1, 2], [1, 2]));   // equal: neither
        Assert.False(Dominance.Dominates([1, 3], [2, 2]));   // a trade-off: neither
        Assert.False(Dominance.Dominates([2, 2], [1, 3]));
        Assert.Throws<ArgumentException>(() => Dominance.Dominates([1], [1, 2]));
    }

    [Fact]
    public void Constrained_dominance_puts_feasible_first_then_smaller_violation_whatever_the_objectives()
    {
        // A feasible solution dominates an infeasible one even with much worse objectives.
        Assert.True(Dominance.ConstrainedDominates([9, 9], 0, [1, 1], 0.5));
        Assert.False(Dominance.ConstrainedDominates([1, 1], 0.5, [9, 9], 0));
        // Two infeasible ones: the smaller violation wins, objectives ignored.
        Assert.True(Dominance.ConstrainedDominates([9, 9], 0.1, [1, 1], 0.2));
        Assert.False(Dominance.ConstrainedDominates([1, 1], 0.2, [9, 9], 0.1));
        Assert.False(Dominance.ConstrainedDominates([1, 1], 0.2, [9, 9], 0.2));
        // Two feasible ones: plain dominance.
        Assert.True(Dominance.ConstrainedDominates([1, 1], 0, [1, 2], 0));
        Assert.False(Dominance.ConstrainedDominates([1, 3], 0, [2, 2], 0));
    }

    [Fact]
    public void Non_dominated_sorting_finds_the_hand_counted_fronts()
    {
        var p = Points([1, 5], [2, 3], [4, 1], [3, 4], [5, 5], [4, 2], [2, 3]);
        // (3,4) is dominated by (2,3); (4,2) by (4,1); (5,5) by (3,4) too, so it is third. The duplicate (2,3) shares the front.
        var fronts = NonDominatedSorting.Fronts(p);
        Assert.Equal(new[] { new[] { 0, 1, 2, 6 }, new[] { 3, 5 }, new[] { 4 } }, fronts.Select(f => f.ToArray()).ToArray());
        Assert.Equal(new[] { 0, 0, 0, 1, 2, 1, 0 }, NonDominatedSorting.Ranks(p));
        Assert.Equal(new[] { 0, 1, 2, 6 }, NonDominatedSorting.FirstFront(p));
        Assert.Empty(NonDominatedSorting.Fronts(Points()));
    }

    [Fact]
    public void Non_dominated_sorting_with_violations_ranks_every_feasible_solution_first_then_by_violation()
    {
        var p = Points([1, 1], [5, 5], [2, 2], [4, 6], [6, 4]);
        var violations = new[] { 0.3, 0, 0.1, 0, 0 };
        var fronts = NonDominatedSorting.Fronts(p, violations);
        // Without constraints (1,1) would dominate everything; with them it is last.
        Assert.Equal(new[] { new[] { 1, 3, 4 }, new[] { 2 }, new[] { 0 } }, fronts.Select(f => f.ToArray()).ToArray());
        Assert.Equal(new[] { 0 }, NonDominatedSorting.FirstFront(p));
        Assert.Throws<ArgumentException>(() => NonDominatedSorting.Fronts(p, [0.0]));
    }

    [Fact]
    public void Crowding_distance_is_infinite_at_the_boundaries_and_sums_normalised_neighbour_gaps_inside()
    {
        var p = Points([6, 1, 7], [1, 6, 7], [4, 2, 7], [2, 3, 7]);
        var d = CrowdingDistance.Of(p, [0, 1, 2, 3]);
        Assert.Equal(double.PositiveInfinity, d[0]);
        Assert.Equal(double.PositiveInfinity, d[1]);
        // (4,2): (6 − 2)/5 by the first objective + (3 − 1)/5 by the second; the constant third adds nothing.
        Assert.Equal(1.2, d[2], 12);
        // (2,3): (4 − 1)/5 + (6 − 2)/5.
        Assert.Equal(1.4, d[3], 12);
        // The distances follow the front's order, and a front of one or two is all boundary.
        var reversed = CrowdingDistance.Of(p, [3, 2, 1, 0]);
        Assert.Equal(1.4, reversed[0], 12);
        Assert.Equal(1.2, reversed[1], 12);
        Assert.Equal(new[] { double.PositiveInfinity, double.PositiveInfinity }, reversed[2..]);
        Assert.All(CrowdingDistance.Of(p, [2, 3]), x => Assert.Equal(double.PositiveInfinity, x));
        Assert.Empty(CrowdingDistance.Of(p, []));
    }

    [Fact]
    public void Two_objective_hypervolume_is_the_dominated_area_up_to_the_reference()
    {
        Assert.Equal(6.0, Hypervolume.Of2D([(1, 3), (2, 2), (3, 1)], (4, 4)), 12);
        // A dominated point and a point not better than the reference add nothing.
        Assert.Equal(6.0, Hypervolume.Of2D([(3, 1), (3, 3), (1, 3), (2, 2), (5, 0)], (4, 4)), 12);
        Assert.Equal(0.0, Hypervolume.Of2D([], (4, 4)));
        Assert.Equal(9.0, Hypervolume.Of2D([(1, 1)], (4, 4)), 12);
    }

    [Fact]
    public void Objectives_are_minimised_in_each_direction()
    {
        Assert.Equal(new[] { -0.9, 3e6, -5.0 }, Objectives.Of(0.9, false, [3e6, 5], [true, false]));
        Assert.Equal(new[] { 0.9, 3e6 }, Objectives.Of(0.9, true, [3e6], [true]));
    }
}
