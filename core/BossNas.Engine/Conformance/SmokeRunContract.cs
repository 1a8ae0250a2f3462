using System.Globalization;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Conformance;

/// <summary>
/// A combination runs a smoke pipeline (supernet → search → report on synthetic data; the teacher first for a
/// distilling strategy) and must finish with a valid architecture that the report names.
/// </summary>
public static class SmokeRunContract
{
    private static readonly string Config = $$"""
        [run]
        name = "conformance"
        seed = 5
        device = "cpu"
        checkpoint_every = 0

        [data]
        dataset = "synthetic"
        synthetic_count = 96
        synthetic_size = 16
        synthetic_classes = 4
        batch_size = 16
        rating_images = 32
        prefetch = 0

        [train]
        epochs = 1
        max_batches_per_epoch = 2
        optimizer = "sgd"
        lr = 0.05

        [report]
        plots = false
        """;

    private const string Teacher = """


        [teacher]
        epochs = 1
        max_batches_per_epoch = 2
        optimizer = "sgd"
        lr = 0.05
        """;

    /// <summary>
    /// The phases a combination runs: supernet, search and report; the teacher first for a distilling strategy; search and
    /// report alone without a strategy.
    /// </summary>
    public static IReadOnlyList<string> Phases(ISupervisionStrategy? strategy) => strategy switch
    {
        null => [PhaseNames.Search, PhaseNames.Report],
        ITeacherStudent => [PhaseNames.Teacher, PhaseNames.Supernet, PhaseNames.Search, PhaseNames.Report],
        _ => [PhaseNames.Supernet, PhaseNames.Search, PhaseNames.Report],
    };

    /// <summary>Runs <paramref name="c"/> in <paramref name="folder"/> and checks the architecture it finds.</summary>
    /// <returns>The architecture found.</returns>
    /// <exception cref="ConformanceException">The run did not finish, or found an invalid architecture.</exception>
    public static Architecture Run(ComponentCatalog catalog, Combination c, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "conformance.toml");
        var strategy = c.HasStrategy ? catalog.Create<ISupervisionStrategy>(ComponentKind.Supervision, c.Strategy) : null;
        var phases = Phases(strategy);
        var config = Config + string.Create(CultureInfo.InvariantCulture, $"""


            [pipeline]
            phases = [{string.Join(", ", phases.Select(p => $"\"{p}\""))}]
            """) + (strategy is ITeacherStudent ? Teacher : "");
        File.WriteAllText(path, config + string.Create(CultureInfo.InvariantCulture, $"""


            [search_space]
            plugin = "{c.Space}"

            [searcher]
            plugin = "{c.Searcher}"

            [evaluator]
            plugin = "{c.Evaluator}"
            """) + (c.HasStrategy ? $"\n\n[supervision]\nplugin = \"{c.Strategy}\"\n" : ""));
        var options = new RunLauncher.Options(false, false, false)
        {
            Configure = rc =>
            {
                foreach (var kind in ComponentKinds.Selected.Where(rc.Has)) (rc[kind].Options as ISmokeProfile)?.UseSmokeProfile();
            },
        };
        var runs = Path.Combine(folder, "runs").Replace("\\", "/", StringComparison.Ordinal);
        var (outcome, run) = RunLauncher.Launch(path, [$"run.output=\"{runs}\""], catalog.Host, options, CancellationToken.None);
        ConformanceException.Require(outcome == PhaseRunner.Outcome.Finished, $"{c}: the smoke run ended {outcome}");
        var found = Architecture.Parse(JsonDocument.Parse(File.ReadAllText(run.File("architecture.json")))
            .RootElement.GetProperty("architecture").GetString()!);
        var space = catalog.Create<ISearchSpace>(ComponentKind.SearchSpace, c.Space)!;
        ConformanceException.Require(space.Validate(found) is null, $"{c}: found {found}, which the space rejects: {space.Validate(found)}");
        ConformanceException.Require(File.ReadAllText(run.File("report.md")).Contains($"`{found}`", StringComparison.Ordinal),
            $"{c}: report.md does not name the found architecture {found}");
        return found;
    }
}
