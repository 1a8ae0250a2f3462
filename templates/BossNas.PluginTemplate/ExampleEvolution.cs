using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Reporting;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.PluginTemplate;

/// <summary>
/// A small evolutionary searcher: a random first generation, then per generation the better
/// half is kept and each kept architecture makes one child by re-drawing one block. Its state (generation,
/// population) is checkpointed after every generation, so an interrupted search resumes exactly. Each generation is
/// recorded as a metric, which the searcher's own section of <c>report.md</c> and its TensorBoard scalars show.
/// </summary>
[Component(ComponentKind.Searcher, "example_evolution", typeof(ExampleEvolutionOptions), Description = "example: a small evolutionary searcher with resumable state")]
public sealed class ExampleEvolution(ExampleEvolutionOptions options) : ISearcher, IReportContributor
{
    private int _generation = -1;
    private List<string> _population = new();

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator) =>
        evaluator.Scope.HasFlag(RatingScope.Architectures) ? null : "example_evolution rates whole architectures";

    /// <inheritdoc />
    public Architecture Search(Architecture fixedPrefix, SearchContext context)
    {
        var rng = context.Run.Rng["search"];
        var space = context.Space;
        if (_generation < 0)
        {
            _population = Enumerable.Range(0, options.Population).Select(_ => space.SampleArchitecture(rng).ToString()).ToList();
            Rank(context);
            _generation = 0;
            context.Checkpoint();
        }
        while (_generation < options.Generations)
        {
            var parents = _population.Take(options.Population / 2).ToList();
            var children = parents.Select(p =>
            {
                var a = Architecture.Parse(p);
                int b = rng.Next(a.Blocks.Count);
                var candidates = space.CandidatePaths(b, a.Prefix(b));
                var child = a.Prefix(b).Append(candidates[rng.Next(candidates.Count)]);
                for (int later = b + 1; later < a.Blocks.Count; later++)
                {
                    var next = space.CandidatePaths(later, child);
                    child = child.Append(next.Contains(a.Blocks[later]) ? a.Blocks[later] : next[rng.Next(next.Count)]);
                }
                return child.ToString();
            });
            _population = parents.Concat(children).Distinct().ToList();
            while (_population.Count < options.Population) _population.Add(space.SampleArchitecture(rng).ToString());
            Rank(context);
            _generation++;
            context.Checkpoint();
        }
        return Architecture.Parse(_population[0]);
    }

    /// <inheritdoc />
    public string? SaveState() => JsonSerializer.Serialize(new State(_generation, _population));

    /// <inheritdoc />
    public void LoadState(string state)
    {
        var s = JsonSerializer.Deserialize<State>(state)!;
        (_generation, _population) = (s.Generation, s.Population);
    }

    private void Rank(SearchContext context)
    {
        var ratings = context.RateArchitectures(_population.Select(Architecture.Parse).ToList());
        _population = ratings.OrderByDescending(r => context.LowerIsBetter ? -r.Score : r.Score)
            .ThenBy(r => r.Candidate.Architecture.ToString(), StringComparer.Ordinal)
            .Select(r => r.Candidate.Architecture.ToString()).ToList();
        context.Record("generation", new Dictionary<string, object?>
        {
            ["generation"] = _generation + 1, ["best"] = ratings.Max(r => r.Score), ["mean"] = ratings.Average(r => r.Score),
        });
    }

    /// <inheritdoc />
    public void WriteReport(IReportSection report)
    {
        var records = report.Records("generation");
        if (records.Count == 0) return;
        var rows = records.Select(r => FormattableString.Invariant(
            $"| {r.GetProperty("generation").GetInt32()} | {r.GetProperty("best").GetDouble():F4} | {r.GetProperty("mean").GetDouble():F4} |"));
        report.Markdown($"## example_evolution: {records.Count} generations\n\n| generation | best | mean |\n|---|---|---|\n{string.Join("\n", rows)}\n\n");
    }

    /// <inheritdoc />
    public IEnumerable<ReportScalar> Scalars(string kind, IReadOnlyDictionary<string, object?> fields)
    {
        if (kind == "generation" && fields["generation"] is int g && fields["best"] is double best) yield return new("search/best", best, g);
    }

    private sealed record State(int Generation, List<string> Population);
}
