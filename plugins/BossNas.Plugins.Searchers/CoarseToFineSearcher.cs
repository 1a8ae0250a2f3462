using System.Globalization;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Searchers;

/// <summary>
/// BigNAS's coarse-to-fine architecture selection: first every point of a coarse grid of network-wide settings
/// (<see cref="CoarseGrid"/>) within the cost cap is rated, then the best is refined by mutation: a mutant of the
/// current best (each gene redrawn with probability <c>mutation_probability</c>) that is valid, within the cap and never
/// rated before is rated, and it replaces the best only when it is better, so the result is the best architecture
/// rated (XNAS's search script records the configuration before the mutation there; the mutant is what is kept here).
/// Nothing is rated twice. The state is checkpointed every <c>checkpoint_every</c> ratings, so an interrupted search
/// resumes exactly.
/// </summary>
[Component(ComponentKind.Searcher, "coarse_to_fine", typeof(CoarseToFineOptions),
    Description = "BigNAS's search: a coarse grid of network-wide settings under the cost cap, then mutations of the best kept when better")]
public sealed class CoarseToFineSearcher(CoarseToFineOptions options) : ISearcher
{
    /// <summary>The metrics record each rating round writes.</summary>
    public const string MetricKind = "coarse_to_fine";

    private CoarseToFineState _state = new(0, 0, null, new List<string>());
    private HashSet<string> _visited = new(StringComparer.Ordinal);

    /// <summary>The cost cap of the options.</summary>
    public CostLimits Limits => CostLimits.FromOptions(options.MaxMAdds, options.MaxParams, options.MaxLatencyMs, options.LatencyMetric);

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator)
    {
        if (!evaluator.Scope.HasFlag(RatingScope.Architectures))
            return $"coarse_to_fine rates whole architectures; {ComponentNames.Of(evaluator)} rates only block paths";
        double size = CoarseGrid.Size(space, options.Levels);
        return size > options.MaxGrid
            ? string.Create(CultureInfo.InvariantCulture,
                $"the coarse grid of {ComponentNames.Of(space)} at levels = {options.Levels} has {size:N0} points, more than max_grid = {options.MaxGrid}; lower levels or raise max_grid")
            : null;
    }

    /// <inheritdoc />
    public Architecture Search(Architecture fixedPrefix, SearchContext context)
    {
        var grid = CoarseGrid.Expand(context.Space, options.Levels).Where(a => Allowed(a, context)).ToList();
        if (grid.Count == 0) grid = RandomStart(context);
        while (_state.CoarseRated < grid.Count)
        {
            var chunk = grid.Skip(_state.CoarseRated).Take(options.CheckpointEvery).ToList();
            var ratings = context.RateArchitectures(chunk);
            var best = _state.Best;
            foreach (var r in ratings)
            {
                _visited.Add(r.Candidate.Architecture.ToString());
                if (best is null || context.Better(r.Score, best.Score)) best = new ScoredArchitecture(r.Candidate.Architecture.ToString(), r.Score);
            }
            _state = _state with { CoarseRated = _state.CoarseRated + chunk.Count, Best = best };
            Record(context, "coarse", _state.CoarseRated, ratings.Select(r => r.Score), improved: false);
            context.Checkpoint();
        }
        Fine(context);
        return Architecture.Parse(_state.Best!.Architecture);
    }

    /// <inheritdoc />
    public string? SaveState() => JsonSerializer.Serialize(_state with { Visited = _visited.Order(StringComparer.Ordinal).ToList() });

    /// <inheritdoc />
    public void LoadState(string state)
    {
        _state = JsonSerializer.Deserialize<CoarseToFineState>(state) ?? throw new InvalidDataException("empty coarse_to_fine state");
        _visited = new HashSet<string>(_state.Visited, StringComparer.Ordinal);
    }

    private void Fine(SearchContext context)
    {
        var rng = context.Run.Rng["search"];
        int sinceCheckpoint = 0;
        while (!_state.FineEnded && _state.MutationsRated < options.Mutations)
        {
            var parent = Architecture.Parse(_state.Best!.Architecture);
            Architecture? mutant = null;
            for (int attempt = 0; attempt < options.AttemptsPerMutant && mutant is null; attempt++)
            {
                var proposal = EvolutionOperators.Mutate(context.Space, parent, options.MutationProbability, rng);
                if (Allowed(proposal, context) && !_visited.Contains(proposal.ToString())) mutant = proposal;
            }
            if (mutant is null)
            {
                context.Run.Log.Warn("coarse_to_fine: no legal unrated mutant of {Best} in {N} proposals; the fine stage ends after {Rated} mutants",
                    parent, options.AttemptsPerMutant, _state.MutationsRated);
                _state = _state with { FineEnded = true };
                context.Checkpoint();
                return;
            }
            var rating = context.RateArchitectures([mutant])[0];
            _visited.Add(mutant.ToString());
            bool improved = context.Better(rating.Score, _state.Best.Score);
            _state = _state with
            {
                MutationsRated = _state.MutationsRated + 1,
                Best = improved ? new ScoredArchitecture(mutant.ToString(), rating.Score) : _state.Best,
            };
            Record(context, "fine", _state.MutationsRated, [rating.Score], improved);
            if (++sinceCheckpoint == options.CheckpointEvery || _state.MutationsRated == options.Mutations)
            {
                context.Checkpoint();
                sinceCheckpoint = 0;
            }
        }
    }

    // In spaces whose paths depend on earlier blocks (HyTra) a tied grid can hold no valid point, and a tight cap can
    // exclude them all: the coarse stage then rates legal architectures drawn from a generator seeded by the run seed
    // alone, so a resumed search draws the same ones.
    private List<Architecture> RandomStart(SearchContext context)
    {
        var rng = new Core.Context.SeededRandom((ulong)context.Run.Rng.Seed ^ 0xC0A25E70F19EUL);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var start = new List<Architecture>();
        int wanted = Math.Max(1, options.CheckpointEvery);
        for (int attempt = 0; attempt < 1000 * wanted && start.Count < wanted; attempt++)
        {
            var a = context.Space.SampleArchitecture(rng);
            if (Allowed(a, context) && seen.Add(a.ToString())) start.Add(a);
        }
        if (start.Count == 0)
            throw new InvalidOperationException("coarse_to_fine found no legal architecture (is the cost cap below every architecture?)");
        context.Run.Log.Warn("coarse_to_fine: no point of the coarse grid ({Levels} levels) is valid within the cost cap; starting from {N} random legal architectures",
            options.Levels, start.Count);
        return start;
    }

    private bool Allowed(Architecture candidate, SearchContext context) =>
        context.Space.Validate(candidate) is null && Limits.Allows(candidate, context);

    private void Record(SearchContext context, string stage, int rated, IEnumerable<double> scores, bool improved)
    {
        var list = scores.ToList();
        context.Record(MetricKind, new Dictionary<string, object?>
        {
            ["stage"] = stage,
            ["rated"] = rated,
            ["round_best"] = list.Count == 0 ? null : context.LowerIsBetter ? list.Min() : list.Max(),
            ["best"] = _state.Best?.Score,
            ["best_architecture"] = _state.Best?.Architecture,
            ["improved"] = improved,
        });
        if (stage == "coarse" || improved)
            context.Run.Log.Info("coarse_to_fine: {Stage} {Rated} rated, best {Best} ({Arch})", stage, rated,
                _state.Best?.Score.ToString("G5", CultureInfo.InvariantCulture), _state.Best?.Architecture);
    }
}
