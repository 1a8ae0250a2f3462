using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Evaluation;
using BossNas.Core.Reporting;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Searchers;

/// <summary>
/// NSGA-II (Deb et al. 2002) over whole architectures: the evaluator's score and every configured cost metric
/// (<see cref="SearchContext.CostMetrics"/>) are the objectives, caps on MAdds, parameters and any cost metric (<see cref="CostLimits"/>) its constraints. A random
/// first population; per generation the offspring are rated, parents and offspring are sorted into fronts by
/// constrained dominance and the best fronts survive, the last one cut by crowding distance
/// (<see cref="Nsga2Survival"/>); the next offspring are uniform crossovers (<see cref="EvolutionOperators.Crossover"/>)
/// of crowded-tournament winners, mutated gene by gene (<see cref="EvolutionOperators.Mutate"/>). An architecture over
/// a cap is never rated: constrained dominance ranks it by how far over it is, whatever its score. A proposal must be
/// valid in the space and never proposed before. The state is checkpointed after every generation; every generation is
/// a <c>generation</c> record. The result is the best-scored feasible architecture of the final first front; the whole
/// front of what was rated is the host's <c>ratings/pareto.csv</c>.
/// </summary>
[Component(ComponentKind.Searcher, "nsga2", typeof(Nsga2Options),
    Description = "NSGA-II: score and cost metrics as objectives, non-dominated sorting, crowding distance, constrained domination for caps, resumable")]
public sealed class Nsga2Searcher(Nsga2Options options) : ISearcher, IReportContributor
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private Nsga2State? _state;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator) =>
        evaluator.Scope.HasFlag(RatingScope.Architectures) ? null
            : $"nsga2 rates whole architectures; {ComponentNames.Of(evaluator)} rates only block paths";

    /// <inheritdoc />
    public void WriteReport(IReportSection report) => GenerationReport.Write(report);

    /// <inheritdoc />
    public IEnumerable<ReportScalar> Scalars(string kind, IReadOnlyDictionary<string, object?> fields) => GenerationReport.Scalars(kind, fields);

    /// <summary>The caps of the options.</summary>
    public CostLimits Limits => CostLimits.FromOptions(options.MaxMAdds, options.MaxParams, options.MaxLatencyMs, options.LatencyMetric);

    /// <summary>The feasible members of the last population's first front (the search's own front), best score first.</summary>
    internal IReadOnlyList<Nsga2Member> Front(SearchContext context) =>
        (_state?.Parents ?? new List<Nsga2Member>()).Where(m => m.Rank == 0 && m.Feasible)
            .OrderBy(m => context.LowerIsBetter ? m.Score : -m.Score).ThenBy(m => m.Architecture, StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public Architecture Search(Architecture fixedPrefix, SearchContext context)
    {
        var rng = context.Run.Rng["search"];
        var visited = new HashSet<string>(_state?.Visited ?? new List<string>(), StringComparer.Ordinal);
        if (_state is null)
        {
            var first = new List<Architecture>();
            FillRandom(first, visited, context, rng);
            _state = new Nsga2State(0, new List<Nsga2Member>(), first.Select(a => a.ToString()).ToList(), visited.Order(StringComparer.Ordinal).ToList());
        }
        var costDirections = context.CostMetrics.Select(m => m.LowerIsBetter).ToList();
        while (_state.Generation < options.Generations)
        {
            var offspring = Evaluate(_state.Offspring.Select(Architecture.Parse).ToList(), context);
            var survivors = Nsga2Survival.Select(_state.Parents.Concat(offspring).ToList(), options.Population, context.LowerIsBetter, costDirections);
            Record(context, _state.Generation, offspring, survivors);
            int next = _state.Generation + 1;
            var children = next < options.Generations ? Breed(survivors, visited, context, rng) : new List<Architecture>();
            _state = new Nsga2State(next, survivors, children.Select(a => a.ToString()).ToList(), visited.Order(StringComparer.Ordinal).ToList());
            context.Checkpoint();
        }
        var front = Front(context);
        if (front.Count == 0)
            throw new InvalidOperationException("nsga2 found no architecture within the caps (is a cap below every architecture?)");
        return Architecture.Parse(front[0].Architecture);
    }

    /// <inheritdoc />
    public string? SaveState() => _state is null ? null : JsonSerializer.Serialize(_state, Json);

    /// <inheritdoc />
    public void LoadState(string state) => _state = JsonSerializer.Deserialize<Nsga2State>(state, Json);

    /// <summary>
    /// Members for <paramref name="architectures"/>: each one's costs and violation; the feasible ones rated in one call
    /// (an infeasible one keeps no score).
    /// </summary>
    private List<Nsga2Member> Evaluate(IReadOnlyList<Architecture> architectures, SearchContext context)
    {
        var names = context.CostMetrics.Select(m => m.Name).ToList();
        var violation = architectures.Select(a => Limits.Violation(a, context)).ToList();
        var feasible = architectures.Where((_, i) => violation[i] <= 0).ToList();
        var ratings = (feasible.Count == 0 ? new List<Rating>() : context.RateArchitectures(feasible))
            .ToDictionary(r => r.Candidate.Architecture.ToString(), StringComparer.Ordinal);
        return architectures.Select((a, i) =>
        {
            var rating = ratings.GetValueOrDefault(a.ToString());
            var costs = rating?.Costs ?? context.Costs(a);
            return new Nsga2Member(a.ToString(), rating?.Score, names.Select(n => costs[n]).ToArray(), violation[i], 0, 0);
        }).ToList();
    }

    private List<Architecture> Breed(IReadOnlyList<Nsga2Member> parents, HashSet<string> visited, SearchContext context, SeededRandom rng)
    {
        var children = new List<Architecture>();
        var genes = context.Space.Blocks.Sum(b => b.ChoiceNames.Count);
        double mutation = options.MutationProbability > 0 ? options.MutationProbability : 1.0 / Math.Max(1, genes);
        Nsga2Member Winner() => Nsga2Survival.Tournament(parents[rng.Next(parents.Count)], parents[rng.Next(parents.Count)]);
        for (int attempt = 0; attempt < options.Population * options.AttemptsPerChild && children.Count < options.Population; attempt++)
        {
            var first = Architecture.Parse(Winner().Architecture);
            var second = Architecture.Parse(Winner().Architecture);
            var child = rng.NextDouble() < options.CrossoverProbability ? EvolutionOperators.Crossover(first, second, rng) : first;
            child = EvolutionOperators.Mutate(context.Space, child, mutation, rng);
            if (!Legal(child, visited, context)) continue;
            visited.Add(child.ToString());
            children.Add(child);
        }
        FillRandom(children, visited, context, rng);
        return children;
    }

    /// <summary>Whether <paramref name="candidate"/> may join a generation: valid and never proposed (a cap does not forbid it).</summary>
    private static bool Legal(Architecture candidate, HashSet<string> visited, SearchContext context) =>
        context.Space.Validate(candidate) is null && !visited.Contains(candidate.ToString());

    private void FillRandom(List<Architecture> into, HashSet<string> visited, SearchContext context, SeededRandom rng)
    {
        int wanted = options.Population - into.Count;
        for (int attempt = 0; attempt < wanted * options.RandomAttempts && into.Count < options.Population; attempt++)
        {
            var candidate = context.Space.SampleArchitecture(rng);
            if (!Legal(candidate, visited, context)) continue;
            visited.Add(candidate.ToString());
            into.Add(candidate);
        }
        if (into.Count < options.Population)
            context.Run.Log.Warn("nsga2: only {N} of {Population} new architectures found", into.Count, options.Population);
    }

    private static void Record(SearchContext context, int generation, IReadOnlyList<Nsga2Member> offspring, IReadOnlyList<Nsga2Member> population)
    {
        var scores = offspring.Where(m => m.Score is not null).Select(m => m.Score!.Value).ToList();
        var front = population.Where(m => m.Rank == 0 && m.Feasible).ToList();
        var best = population.Where(m => m.Feasible)
            .OrderBy(m => context.LowerIsBetter ? m.Score : -m.Score).ThenBy(m => m.Architecture, StringComparer.Ordinal).FirstOrDefault();
        context.Record(GenerationReport.Kind, new Dictionary<string, object?>
        {
            ["generation"] = generation,
            ["rated"] = scores.Count,
            ["infeasible"] = offspring.Count - scores.Count,
            ["best"] = scores.Count == 0 ? null : context.LowerIsBetter ? scores.Min() : scores.Max(),
            ["mean"] = scores.Count == 0 ? null : scores.Average(),
            ["top_k_best"] = best?.Score,
            ["front"] = front.Count,
            ["best_architecture"] = best?.Architecture,
        });
        context.Run.Log.Info("nsga2: generation {G}: {N} rated ({Infeasible} over a cap, not rated), first front of the population {Front}, best {Best} ({Arch})",
            generation, scores.Count, offspring.Count - scores.Count, front.Count,
            best?.Score?.ToString("G5", CultureInfo.InvariantCulture) ?? "-", best?.Architecture ?? "-");
    }
}
