using System.Text.Json;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Compare;

/// <summary>
/// What one finished arm run (arm × seed) contributes to the comparison, read back from its run folder. A distilling
/// arm's teacher is trained outside the supernet budget; its time is kept apart (<see cref="TeacherSeconds"/>).
/// </summary>
public sealed record ArmResult(
    string Arm,
    long Seed,
    string Folder,
    string Architecture,
    double MAdds,
    double? TestAccuracy,
    IReadOnlyList<double> ControlAccuracies,
    double SupernetSeconds,
    long SupernetImages,
    double RatingSeconds,
    BenchmarkAgreement? Benchmark,
    double PeakRssMb,
    double TeacherSeconds,
    double BudgetScale = 1.0,
    int Epochs = 0,
    IReadOnlyDictionary<string, double>? Costs = null)
{
    /// <summary>
    /// Every cost metric the run recorded for its found architecture (<c>architecture.json</c>'s <c>costs</c>; a run made
    /// before cost metrics existed has its MAdds and parameters).
    /// </summary>
    internal static Dictionary<string, double> CostsOf(JsonElement architecture)
    {
        if (architecture.TryGetProperty("costs", out var costs) && costs.ValueKind == JsonValueKind.Object)
            return costs.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var old = new Dictionary<string, double>();
        foreach (var name in Core.Costs.CostMetricNames.Defaults)
            if (architecture.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number) old[name] = v.GetDouble();
        return old;
    }

    /// <summary>
    /// The arm run's hyperparameters as TensorBoard's hparams dashboard shows them (<see cref="CompareTensorBoard"/>):
    /// strings, or numbers as doubles.
    /// </summary>
    public IReadOnlyDictionary<string, object> HParams { get; init; } = new Dictionary<string, object>();

    /// <summary>Whether the arm run's config writes TensorBoard event files (<c>[report] tensorboard</c>).</summary>
    public bool TensorBoard { get; init; } = true;

    /// <summary>
    /// Reads a finished run folder of an arm run at <paramref name="scale"/> times the arm's supernet epochs; its benchmark
    /// agreement is measured against the benchmark as it is now (<see cref="BenchmarkRemeasure"/>).
    /// </summary>
    internal static ArmResult Read(string arm, long seed, RunFolder folder, RunConfig config, double scale = 1.0)
    {
        var state = RunState.FromJson(File.ReadAllText(folder.File("state.json")));
        using var json = JsonFiles.Parse(folder.File("architecture.json"), "a run's found architecture");
        var steps = MetricsWriter.Read(folder.File("metrics.jsonl"), "step");
        var supernetSteps = steps.Count(e => e.GetProperty("phase").GetString() == PhaseNames.Supernet);
        int batch = config.Train.BatchSize > 0 ? config.Train.BatchSize : config.Data.BatchSize;
        double rss = steps.Select(e => e.TryGetProperty("rss_mb", out var r) ? r.GetDouble() : 0).DefaultIfEmpty(0).Max();
        double? test = state.Results.Retrain ?? state.Results.Inherit;
        var controls = Enumerable.Range(0, state.ControlArchitectures.Count)
            .Select(k => state.Results.Control(k) ?? double.NaN).Where(x => !double.IsNaN(x)).ToList();
        return new ArmResult(arm, seed, folder.Path, state.Architecture ?? "", json.RootElement.GetProperty("madds").GetDouble(), test, controls,
            state.Seconds.GetValueOrDefault(PhaseNames.Supernet), (long)supernetSteps * batch,
            state.Seconds.GetValueOrDefault(PhaseNames.Search) + state.Seconds.GetValueOrDefault("benchmark rating"),
            BenchmarkRemeasure.Against(folder, state.Benchmark, config.Pipeline.Benchmark), rss,
            state.Seconds.GetValueOrDefault(PhaseNames.Teacher), scale, config.Train.Epochs, CostsOf(json.RootElement))
        {
            HParams = HParamsOf(arm, seed, scale, config),
            TensorBoard = config.Report.Tensorboard,
        };
    }

    // What tells one arm run from another: the arm and its components, the seed, the supernet budget and recipe.
    // A zero-cost arm selects no supervision: "none".
    private static Dictionary<string, object> HParamsOf(string arm, long seed, double scale, RunConfig config) => new(StringComparer.Ordinal)
    {
        ["arm"] = arm,
        ["seed"] = (double)seed,
        ["budget_scale"] = scale,
        ["supervision"] = config.PluginOrNull(Core.Components.ComponentKind.Supervision) ?? "none",
        ["evaluator"] = config.PluginOrNull(Core.Components.ComponentKind.Evaluator) ?? "none",
        ["searcher"] = config.PluginOrNull(Core.Components.ComponentKind.Searcher) ?? "none",
        ["train.epochs"] = (double)config.Train.Epochs,
        ["train.optimizer"] = config.Train.Optimizer,
        ["train.lr"] = config.Train.Lr,
    };
}
