using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using BossNas.Engine.Runs;
using NLog;
using TorchSharp;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Everything one run shares across its phases: the config, the run folder, the data, the components, the
/// run context, the state and the checkpoint store.
/// </summary>
internal sealed class RunSession : IDisposable
{
    private static readonly Logger Log = LogManager.GetLogger("run");

    /// <summary>Opens a session; loads data and creates the components (no network yet).</summary>
    /// <param name="loadAwareThreads">
    /// Without <c>[run] threads</c>, leave out the CPUs other processes keep busy (<c>bossnas run</c> and <c>train</c>; the
    /// count is kept in the run state, so a resumed run computes as it started).
    /// </param>
    public RunSession(RunConfig config, ComponentSet components, RunFolder folder, RunState state, CancellationToken cancel,
        bool loadAwareThreads = false)
    {
        Config = config;
        Components = components;
        Folder = folder;
        State = state;
        state.Threads = Devices.Threads(config.Run.Threads, state.Threads, loadAwareThreads, out var why);
        Device = Devices.Choose(config.Run.Device, state.Threads);
        Log.Info("Device {Device}, {Threads} threads ({Why}), seed {Seed}", Device, torch.get_num_threads(), why, config.Run.Seed);
        if (Core.Platform.NativeSetup.OneDnn is { } isa) Log.Info("oneDNN ISA {Isa}: {Reason}", isa.Name, isa.Reason);
        Data = DatasetLoader.Load(config.Data, config.ResolvePath, config.Run.Seed);
        var normalization = Data.Train.Statistics();
        Views = new ViewPipelines(normalization, components.ViewPipelines);
        Preprocessing = InputPreprocessing.Of(Data, normalization);
        var tensorBoard = config.Report.Tensorboard
            ? TensorBoardWriter.Open(folder.File("tensorboard"), state.TensorBoardFile, state.TensorBoardBytes, fresh: state.MetricsBytes == 0)
            : null;
        if (tensorBoard is not null) tensorBoard.Contributors = Reports.ComponentSection.Contributors(components);
        Metrics = new MetricsWriter(folder.File("metrics.jsonl"), state.MetricsBytes, w => Log.Warn(w)) { TensorBoard = tensorBoard };
        // The kept records' ratings go on counting where they stopped (the file is cut back to the checkpoint's by now).
        if (tensorBoard is not null && state.MetricsBytes > 0) tensorBoard.CountRatings(MetricsWriter.Read(Metrics.Path, "rating"));
        var rng = new RngStreams(config.Run.Seed);
        rng.SetState(state.Rng);
        Context = new RunContext(Device, rng, Log, Metrics, folder.Path, cancel);
        Checkpoints = new CheckpointStore(folder.Path);
    }

    /// <summary>The bound config.</summary>
    public RunConfig Config { get; }

    /// <summary>The components.</summary>
    public ComponentSet Components { get; }

    /// <summary>The run folder.</summary>
    public RunFolder Folder { get; }

    /// <summary>The mutable run state (saved with checkpoints).</summary>
    public RunState State { get; }

    /// <summary>The device.</summary>
    public torch.Device Device { get; }

    /// <summary>Train/validation/test data.</summary>
    public DatasetSplits Data { get; }

    /// <summary>Augmentation pipelines with the dataset's normalisation.</summary>
    public ViewPipelines Views { get; }

    /// <summary>How images become the networks' input (saved with every trained network for its export).</summary>
    public InputPreprocessing Preprocessing { get; }

    /// <summary>The metrics sink.</summary>
    public MetricsWriter Metrics { get; }

    /// <summary>The context components receive.</summary>
    public RunContext Context { get; }

    /// <summary>The checkpoint store.</summary>
    public CheckpointStore Checkpoints { get; }

    /// <summary>The input shape networks are built for.</summary>
    public InputShape Input => Data.Shape;

    /// <summary>
    /// Called before every rating request a searcher makes, with the number of requests so far in this process (tests
    /// use it to interrupt a run in the middle of a search).
    /// </summary>
    public Action<int>? RatingObserver { get; init; }

    /// <summary>Rating requests made so far in this process.</summary>
    internal int RatingRequests { get; set; }

    /// <summary>
    /// Where the run's independent parts go (DNA's block stages, the retraining of the found architecture and its
    /// controls), each resuming from its own folder under <c>parts/</c>; null runs them inline, one after another.
    /// </summary>
    public Execution.IExecutor? PartsExecutor { get; init; }

    /// <summary>The plugins, for parts run in this process by <see cref="PartsExecutor"/>.</summary>
    public Plugins.PluginHost? Host { get; init; }

    /// <summary>Debug logging (passed on to parts).</summary>
    public bool Verbose { get; init; }

    /// <summary>The run this session is a part of (its teacher is the parent's), or null for a whole run.</summary>
    public RunFolder? Parent { get; init; }

    /// <summary>The teacher's tensors (live, as loaded) when the strategy distils from one (<see cref="TeacherState"/>).</summary>
    public List<(torch.Tensor Live, torch.Tensor Loaded)>? TeacherAsLoaded { get; set; }

    /// <summary>Whether this process has built the strategy's modules (and loaded their saved weights).</summary>
    public bool SupernetBuilt { get; set; }

    /// <summary>Images per batch of a training phase: its own <c>batch_size</c>, or <c>[data] batch_size</c>.</summary>
    public int BatchSize(Config.OptimSection budget) => budget.BatchSize > 0 ? budget.BatchSize : Config.Data.BatchSize;

    /// <summary>
    /// The fixed rating data (cached views of validation images in the pipeline of the strategy's first stage,
    /// labelled validation batches, calibration batches); the caller disposes it.
    /// </summary>
    public HeldOutRatingData CreateRatingData()
    {
        var pipeline = RatingViewPipeline();
        return new HeldOutRatingData(Data, Views, pipeline, Config.Data.BatchSize, Config.Data.RatingImages,
            Config.Data.CalibrationBatches, RunSeeds.HeldOutRatingData(Config.Run.Seed), Device);
    }

    /// <summary>
    /// Rating data independent of <see cref="CreateRatingData"/>'s, for measuring how reproducible ratings are: the
    /// validation images after the first pass's (the same images when the split has too few, with other views), other
    /// views, other calibration batches. The caller disposes it.
    /// </summary>
    public HeldOutRatingData CreateSecondRatingData()
    {
        var pipeline = RatingViewPipeline();
        int used = Config.Data.RatingImages > 0 ? Math.Min(Config.Data.RatingImages, Data.Val.Count) : Data.Val.Count;
        int first = used + Math.Max(used, 1) <= Data.Val.Count ? used : 0;
        if (first == 0)
            Log.Warn("The validation split ({Count} images) is too small for a second rating pass on other images; it rates the same " +
                     "images with other views and calibration batches", Data.Val.Count);
        return new HeldOutRatingData(Data, Views, pipeline, Config.Data.BatchSize, Config.Data.RatingImages,
            Config.Data.CalibrationBatches, RunSeeds.SecondRatingPass(Config.Run.Seed), Device, first);
    }

    /// <summary>The view pipeline of rating views: the strategy's first stage's, or the supervised one without a strategy.</summary>
    private string RatingViewPipeline() =>
        Components.StrategyOrNull is { } strategy
            ? strategy.Views(strategy.PlanStages(Components.Space)[0]).Pipeline
            : Core.Data.ViewPipelineNames.Supervised;

    /// <summary>
    /// <paramref name="context"/> with what the run has settled so far: the prefix the search fixed and, unless the data
    /// is another pass's (<paramref name="stageRatings"/> false), the stage-end block ratings made on it.
    /// </summary>
    public Core.Evaluation.EvaluationContext WithRunRatings(Core.Evaluation.EvaluationContext context, bool stageRatings = true) =>
        context with
        {
            SearchedPrefix = Architecture.Parse(State.FixedPrefix),
            StageRatings = stageRatings
                ? State.StageRatings.Select(r => Core.Evaluation.Rating.ForBlock(r.Block, Architecture.Parse(r.Prefix),
                    Core.Architectures.BlockPath.Parse(r.Path), r.Score)).ToList()
                : [],
        };

    /// <summary>Progress display.</summary>
    public Progress Progress { get; } = new();

    /// <summary>Called after every optimiser step of any phase (tests use it to interrupt a run at a given step).</summary>
    public Action<string, Training.StepMetrics>? StepObserver { get; init; }

    /// <summary>
    /// Records an optimiser step of <paramref name="phase"/>: progress, observer, a metrics record, and the run
    /// state's position (the next step). Returns whether a checkpoint is due (interval reached or stop requested).
    /// </summary>
    public bool RecordStep(string phase, int? stage, Training.StepMetrics m, Training.StagePosition next)
    {
        Progress.Step(m);
        StepObserver?.Invoke(phase, m);
        var fields = new Dictionary<string, object?>
        {
            ["phase"] = phase, ["task"] = m.Task, ["epoch"] = m.Epoch, ["step"] = m.Step, ["global_step"] = m.GlobalStep,
            ["loss"] = m.Loss, ["lr"] = m.Lr, ["images_per_s"] = m.ImagesPerSecond, ["rss_mb"] = Environment.WorkingSet / 1e6,
        };
        if (stage is int st) fields["stage"] = st;
        Metrics.Write("step", fields);
        (State.Epoch, State.StepInEpoch, State.Step, State.GlobalStep) = (next.Epoch, next.StepInEpoch, next.Step, m.GlobalStep + 1);
        bool due = Config.Run.CheckpointEvery > 0 && next.Step % Config.Run.CheckpointEvery == 0;
        return due || Context.Cancel.IsCancellationRequested;
    }

    /// <summary>Writes a checkpoint with the current RNG states.</summary>
    public void Checkpoint(IEnumerable<KeyValuePair<string, torch.Tensor>> tensors)
    {
        State.Rng = Context.Rng.GetState();
        State.MetricsBytes = Metrics.Length;
        (State.TensorBoardFile, State.TensorBoardBytes) = Metrics.TensorBoard is { } tb ? (Path.GetFileName(tb.Path), tb.Length) : (null, 0);
        using var rng = torch.random.get_rng_state();
        var all = tensors.Append(new KeyValuePair<string, torch.Tensor>("torch/rng", rng)).ToList();
        Checkpoints.Save(State, all);
        CheckpointStore.ReplaceAtomically(Folder.File("state.json"), State.ToJson());
    }

    /// <summary>Ends the progress display and says where the run stopped and how to go on (<paramref name="part"/>: a part's run).</summary>
    internal void Interrupted(RunInterruptedException e, string? part = null)
    {
        Progress.Break();
        // Stopped before its first checkpoint, a run has nothing to resume: say so rather than promise a checkpoint.
        var next = new CheckpointStore(Folder.Path).Candidates().Count > 0
            ? "checkpoint written, run again to resume"
            : "no checkpoint was written yet, run again to start it";
        if (part is null) Log.Warn("Interrupted in {Where}; {Next}", e.Where, next);
        else Log.Warn("Part {Part} interrupted in {Where}; {Next}", part, e.Where, next);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, loaded) in TeacherAsLoaded ?? []) loaded.Dispose();
        Metrics.Dispose();
        Data.Dispose();
    }
}
