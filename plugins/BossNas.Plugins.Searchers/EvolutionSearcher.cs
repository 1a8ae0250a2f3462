using System.Globalization;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Reporting;
using BossNas.Core.Context;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Searchers;

/// <summary>
/// The evolutionary search of SPOS and BN-NAS (<c>ea.py</c>): a random first population of legal architectures; per
/// generation the population is rated, merged into an elitist top-k (parents survive across generations), and the
/// next population is made of mutants of random top-k parents (<see cref="EvolutionOperators.Mutate"/>), crossovers of
/// two random top-k parents (<see cref="EvolutionOperators.Crossover"/>) and random architectures filling it up. A
/// candidate is legal when the space accepts it, it was never proposed before (visited set) and it is within the
/// MAdds/params cap, checked before rating. The state is checkpointed after every generation, so an interrupted search
/// resumes exactly; every generation is recorded as a <c>generation</c> metric, which its report section and TensorBoard scalars show. The result is the best of the top-k.
/// </summary>
[Component(ComponentKind.Searcher, "evolution", typeof(EvolutionOptions),
    Description = "SPOS/BN-NAS evolutionary search: top-k parents, mutation, crossover, random fill, cost cap, resumable")]
public sealed class EvolutionSearcher(EvolutionOptions options) : ISearcher, IReportContributor
{
    private EvolutionState? _state;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator) =>
        evaluator.Scope.HasFlag(RatingScope.Architectures) ? null
            : $"evolution rates whole architectures; {ComponentNames.Of(evaluator)} rates only block paths";

    /// <inheritdoc />
    public void WriteReport(IReportSection report) => GenerationReport.Write(report);

    /// <inheritdoc />
    public IEnumerable<ReportScalar> Scalars(string kind, IReadOnlyDictionary<string, object?> fields) => GenerationReport.Scalars(kind, fields);

    /// <summary>The cost cap of the options.</summary>
    public CostLimits Limits => CostLimits.FromOptions(options.MaxMAdds, options.MaxParams, options.MaxLatencyMs, options.LatencyMetric);

    /// <inheritdoc />
    public Architecture Search(Architecture fixedPrefix, SearchContext context)
    {
        var rng = context.Run.Rng["search"];
        var visited = new HashSet<string>(_state?.Visited ?? new List<string>(), StringComparer.Ordinal);
        if (_state is null)
        {
            var first = new List<Architecture>();
            FillRandom(first, visited, context, rng);
            _state = new EvolutionState(0, first.Select(a => a.ToString()).ToList(), new List<ScoredArchitecture>(), visited.ToList());
        }
        while (_state.Generation < options.Generations)
        {
            var population = _state.Population.Select(Architecture.Parse).ToList();
            var ratings = population.Count == 0 ? new List<Rating>() : context.RateArchitectures(population).ToList();
            var topK = Rank(_state.TopK.Concat(ratings.Select(r => new ScoredArchitecture(r.Candidate.Architecture.ToString(), r.Score))), context)
                .Take(options.TopK).ToList();
            Record(context, _state.Generation, ratings, topK);
            int next = _state.Generation + 1;
            var children = next < options.Generations ? Breed(topK, visited, context, rng) : new List<Architecture>();
            _state = new EvolutionState(next, children.Select(a => a.ToString()).ToList(), topK, visited.Order(StringComparer.Ordinal).ToList());
            context.Checkpoint();
        }
        if (_state.TopK.Count == 0)
            throw new InvalidOperationException("evolution found no legal architecture (is the cost cap below every architecture?)");
        return Architecture.Parse(_state.TopK[0].Architecture);
    }

    /// <inheritdoc />
    public string? SaveState() => _state is null ? null : JsonSerializer.Serialize(_state);

    /// <inheritdoc />
    public void LoadState(string state) => _state = JsonSerializer.Deserialize<EvolutionState>(state);

    /// <summary>Whether <paramref name="candidate"/> may be rated: valid, never proposed, within the cap.</summary>
    private bool Legal(Architecture candidate, HashSet<string> visited, SearchContext context) =>
        context.Space.Validate(candidate) is null && !visited.Contains(candidate.ToString())
        && Limits.Allows(candidate, context);

    private List<Architecture> Breed(IReadOnlyList<ScoredArchitecture> topK, HashSet<string> visited, SearchContext context, SeededRandom rng)
    {
        var children = new List<Architecture>();
        var parents = topK.Select(t => Architecture.Parse(t.Architecture)).ToList();
        if (parents.Count > 0)
        {
            Propose(children, options.Mutations, visited, context,
                () => EvolutionOperators.Mutate(context.Space, parents[rng.Next(parents.Count)], options.MutationProbability, rng));
            Propose(children, options.Crossovers, visited, context,
                () => EvolutionOperators.Crossover(parents[rng.Next(parents.Count)], parents[rng.Next(parents.Count)], rng));
        }
        FillRandom(children, visited, context, rng);
        return children;
    }

    private void Propose(List<Architecture> into, int wanted, HashSet<string> visited, SearchContext context, Func<Architecture> proposal)
    {
        int made = 0;
        for (int attempt = 0; attempt < wanted * options.AttemptsPerChild && made < wanted; attempt++)
        {
            var candidate = proposal();
            if (!Legal(candidate, visited, context)) continue;
            visited.Add(candidate.ToString());
            into.Add(candidate);
            made++;
        }
    }

    private void FillRandom(List<Architecture> into, HashSet<string> visited, SearchContext context, SeededRandom rng)
    {
        int wanted = options.Population - into.Count;
        Propose(into, wanted, visited, context, () => context.Space.SampleArchitecture(rng));
        if (into.Count < options.Population)
            context.Run.Log.Warn("evolution: only {N} of {Population} legal new architectures found", into.Count, options.Population);
    }

    private static IEnumerable<ScoredArchitecture> Rank(IEnumerable<ScoredArchitecture> scored, SearchContext context) =>
        scored.DistinctBy(s => s.Architecture)
            .OrderBy(s => context.LowerIsBetter ? s.Score : -s.Score)
            .ThenBy(s => s.Architecture, StringComparer.Ordinal);

    private static void Record(SearchContext context, int generation, IReadOnlyList<Rating> ratings, IReadOnlyList<ScoredArchitecture> topK)
    {
        var scores = ratings.Select(r => r.Score).ToList();
        context.Record(GenerationReport.Kind, new Dictionary<string, object?>
        {
            ["generation"] = generation,
            ["rated"] = scores.Count,
            ["best"] = scores.Count == 0 ? null : context.LowerIsBetter ? scores.Min() : scores.Max(),
            ["mean"] = scores.Count == 0 ? null : scores.Average(),
            ["top_k_best"] = topK.Count == 0 ? null : topK[0].Score,
            ["top_k_mean"] = topK.Count == 0 ? null : topK.Average(t => t.Score),
            ["best_architecture"] = topK.Count == 0 ? null : topK[0].Architecture,
        });
        context.Run.Log.Info("evolution: generation {G}: {N} rated, best {Best}, top-{K} best {Top} ({Arch})", generation, scores.Count,
            scores.Count == 0 ? "-" : (context.LowerIsBetter ? scores.Min() : scores.Max()).ToString("G5", CultureInfo.InvariantCulture),
            topK.Count, topK.Count == 0 ? "-" : topK[0].Score.ToString("G5", CultureInfo.InvariantCulture), topK.Count == 0 ? "-" : topK[0].Architecture);
    }
}
