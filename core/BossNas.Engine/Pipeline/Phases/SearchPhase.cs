using System.Diagnostics;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>search</c> phase: the searcher picks the final architecture with the trained supernet (a block-wise
/// searcher returns the blocks it fixed at stage ends; an evolutionary one runs its generations, checkpointing its
/// state as it goes). Writes <c>architecture.json</c> (with every configured cost metric) and the non-dominated front of
/// what it rated, <c>ratings/pareto.csv</c> (<see cref="ParetoFrontFile"/>).
/// </summary>
internal sealed class SearchPhase : IPhase
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Search);

    /// <inheritdoc />
    public string Name => PhaseNames.Search;

    /// <inheritdoc />
    // The supervision strategy too when the evaluator rates with a trained supernet: the compatibility check says so.
    public IReadOnlyList<ComponentKind> Roles { get; } = [ComponentKind.Searcher, ComponentKind.Evaluator];

    /// <inheritdoc />
    public IReadOnlyList<PhaseNeed> Needs { get; } = [];

    /// <inheritdoc />
    public string Produces => "architecture.json (the found architecture), ratings/pareto.csv (the front of what it rated), the benchmark's ratings and their agreement with it";

    /// <inheritdoc />
    public void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var (space, strategy, searcher) = (s.Components.Space, s.Components.StrategyOrNull, s.Components.Searcher);
        if (strategy is not null) SupernetState.Ensure(s, null);
        using var rating = s.CreateRatingData();
        var evaluation = new EvaluationContext(space, s.Input, strategy, rating, s.Context);
        using var context = new HostSearchContext(s, evaluation, () => []);
        var clock = Stopwatch.StartNew();
        Architecture final;
        try
        {
            final = searcher.Search(Architecture.Parse(s.State.FixedPrefix), context);
        }
        finally
        {
            s.State.AddTime(PhaseNames.Search, clock.Elapsed.TotalSeconds);
        }
        if (space.Validate(final) is { } why)
            throw new InvalidOperationException($"the searcher returned an invalid architecture {final}: {why}");
        s.State.Architecture = final.ToString();
        s.State.SearcherState = searcher.SaveState();
        WriteArchitecture(s, final);
        Log.Info("Found architecture {Arch}: {Cost}", final, space.Cost(final, s.Input));
        var front = ParetoFrontFile.Write(s);
        if (front.Count > 0)
            Log.Info("Pareto front of the search: {N} architectures (score against {Metrics}) in ratings/{File}", front.Count,
                string.Join(", ", s.Components.CostMetrics.Names), ParetoFrontFile.Name);
        BenchmarkRating.Run(s, evaluation);
    }

    private static void WriteArchitecture(RunSession s, Architecture a)
    {
        var cost = s.Components.Space.Cost(a, s.Input);
        var json = JsonSerializer.Serialize(new
        {
            architecture = a.ToString(),
            blocks = a.Blocks.Select(b => b.Ops).ToArray(),
            madds = cost.MAdds,
            @params = cost.Params,
            costs = s.Components.CostMetrics.Values(s.Components.Space, s.Input, a, cost),
            input = new { channels = s.Input.Channels, height = s.Input.Height, width = s.Input.Width, classes = s.Input.Classes },
            search_space = s.Config[ComponentKind.SearchSpace].Plugin,
            supervision = s.Config.PluginOrNull(ComponentKind.Supervision),
            searcher = s.Config[ComponentKind.Searcher].Plugin,
            evaluator = s.Config[ComponentKind.Evaluator].Plugin,
            seed = s.Config.Run.Seed,
            config_hash = s.State.ConfigHash,
        }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(s.Folder.File("architecture.json"), json);
    }
}
