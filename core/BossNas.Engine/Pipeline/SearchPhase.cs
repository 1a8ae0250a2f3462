using System.Diagnostics;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using NLog;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>search</c> phase: the searcher picks the final architecture with the trained supernet (a block-wise
/// searcher returns the blocks it fixed at stage ends; an evolutionary one runs its generations, checkpointing its
/// state as it goes). Writes <c>architecture.json</c>.
/// </summary>
internal static class SearchPhase
{
    private static readonly Logger Log = LogManager.GetLogger("search");

    /// <summary>Runs (or continues) the search; an interruption surfaces as <see cref="RunInterruptedException"/>.</summary>
    public static void Run(RunSession s)
    {
        var (space, strategy, searcher, _) = s.Components;
        SupernetState.Ensure(s, null);
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
            s.State.AddTime("search", clock.Elapsed.TotalSeconds);
        }
        if (space.Validate(final) is { } why)
            throw new InvalidOperationException($"the searcher returned an invalid architecture {final}: {why}");
        s.State.Architecture = final.ToString();
        s.State.SearcherState = searcher.SaveState();
        WriteArchitecture(s, final);
        Log.Info("Found architecture {Arch}: {Cost}", final, space.Cost(final, s.Input));
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
            input = new { channels = s.Input.Channels, height = s.Input.Height, width = s.Input.Width, classes = s.Input.Classes },
            search_space = s.Config[Core.Components.ComponentKind.SearchSpace].Plugin,
            supervision = s.Config[Core.Components.ComponentKind.Supervision].Plugin,
            searcher = s.Config[Core.Components.ComponentKind.Searcher].Plugin,
            evaluator = s.Config[Core.Components.ComponentKind.Evaluator].Plugin,
            seed = s.Config.Run.Seed,
            config_hash = s.State.ConfigHash,
        }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(s.Folder.File("architecture.json"), json);
    }
}
