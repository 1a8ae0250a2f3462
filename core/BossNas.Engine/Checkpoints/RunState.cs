using System.Text.Json;
using System.Text.Json.Serialization;

namespace BossNas.Engine.Checkpoints;

/// <summary>
/// Where a run stands, saved with every checkpoint: the phase, the stage and position in it, the blocks fixed
/// so far, the random streams, and timings. Serialised as JSON inside the checkpoint and as
/// <c>state.json</c> in the run folder for people.
/// </summary>
internal sealed class RunState
{
    /// <summary>The current phase of the config's <c>[pipeline] phases</c>, or <c>done</c>.</summary>
    public string Phase { get; set; } = Pipeline.PhaseNames.Supernet;

    /// <summary>Current stage index (supernet phase).</summary>
    public int Stage { get; set; }

    /// <summary>Index of the next control to train (control phase).</summary>
    public int Control { get; set; }

    /// <summary>Epoch of the next step within the stage.</summary>
    public int Epoch { get; set; }

    /// <summary>Optimiser step within the epoch of the next step.</summary>
    public int StepInEpoch { get; set; }

    /// <summary>Optimiser step within the stage of the next step.</summary>
    public int Step { get; set; }

    /// <summary>Optimiser steps done across the run.</summary>
    public long GlobalStep { get; set; }

    /// <summary>Architecture prefix fixed by the searcher so far.</summary>
    public string FixedPrefix { get; set; } = "";

    /// <summary>The final architecture once searched.</summary>
    public string? Architecture { get; set; }

    /// <summary>The random control architectures once drawn.</summary>
    public List<string> ControlArchitectures { get; set; } = new();

    /// <summary>The front phase's metric and points once chosen (empty before).</summary>
    public string FrontMetric { get; set; } = "";

    /// <summary>The Pareto front points the front phase trains, with their controls, once chosen.</summary>
    public List<FrontPointRecord> FrontPoints { get; set; } = new();

    /// <summary>Index of the next network of the front phase to train (points and controls in order).</summary>
    public int FrontTask { get; set; }

    /// <summary>The searcher's own state (<c>ISearcher.SaveState</c>), or null.</summary>
    public string? SearcherState { get; set; }

    /// <summary>Every whole architecture rated so far, in rating order (never rated twice in a run).</summary>
    public List<ArchitectureRatingRecord> ArchitectureRatings { get; set; } = new();

    /// <summary>The block ratings made at stage ends, each with the prefix it was rated behind (reused by later ratings).</summary>
    public List<BlockRatingRecord> StageRatings { get; set; } = new();

    /// <summary>Reproducibility of each block's stage-end ratings (<c>[pipeline] reliability</c>).</summary>
    public List<BlockReliability> BlockReliability { get; set; } = new();

    /// <summary>Named random streams.</summary>
    public Dictionary<string, ulong[]> Rng { get; set; } = new();

    /// <summary>
    /// The random streams of the independent supernet stage in progress (DNA's blocks), which draws from streams of its
    /// own so that it trains the same in this process or as a separate part (see <c>SupernetTraining</c>).
    /// </summary>
    public Dictionary<string, ulong[]> StageRng { get; set; } = new();

    /// <summary>libtorch's thread count the run started with (0: not chosen yet); a resumed run keeps it.</summary>
    public int Threads { get; set; }

    /// <summary>Seconds spent per phase (supernet, search, retrain, ...).</summary>
    public Dictionary<string, double> Seconds { get; set; } = new();

    /// <summary>Test accuracies recorded so far.</summary>
    public TestResults Results { get; set; } = new();

    /// <summary>How the evaluator's ratings of a ground-truth benchmark agree with it (<c>[pipeline] benchmark</c>).</summary>
    public BenchmarkAgreement? Benchmark { get; set; }

    /// <summary>
    /// Length of <c>metrics.jsonl</c> when the checkpoint was written: a resumed run cuts the file back to it, so the
    /// steps it redoes replace their records instead of doubling them.
    /// </summary>
    public long MetricsBytes { get; set; }

    /// <summary>
    /// The TensorBoard event file (its name in <c>tensorboard/</c>) and its length when the checkpoint was written: a
    /// resumed run appends to it after cutting it back, as it does <c>metrics.jsonl</c>; null without TensorBoard.
    /// </summary>
    [JsonPropertyName("tensorboard_file")]
    public string? TensorBoardFile { get; set; }

    /// <inheritdoc cref="TensorBoardFile"/>
    [JsonPropertyName("tensorboard_bytes")]
    public long TensorBoardBytes { get; set; }

    /// <summary>Where <c>bossnas train</c>'s network took its initial weights from (<c>--init</c>, <c>--from-supernet</c>), or null.</summary>
    public string? InitialisedFrom { get; set; }

    /// <summary>SHA-256 of the resolved config the run was started with.</summary>
    public string ConfigHash { get; set; } = "";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A correlation over a constant sample is NaN (as in SciPy) and must survive a checkpoint.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>As JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>From JSON (also a run state written before the control index had a field of its own).</summary>
    public static RunState FromJson(string json)
    {
        var state = JsonSerializer.Deserialize<RunState>(json, Json) ?? throw new InvalidDataException("empty run state");
        using var doc = JsonDocument.Parse(json);
        if (state.Phase == Pipeline.PhaseNames.Control && !doc.RootElement.TryGetProperty("control", out _))
            (state.Control, state.Stage) = (state.Stage, 0);
        return state;
    }

    /// <summary>Adds <paramref name="seconds"/> to a phase's time.</summary>
    public void AddTime(string phase, double seconds) => Seconds[phase] = Seconds.GetValueOrDefault(phase) + seconds;
}
