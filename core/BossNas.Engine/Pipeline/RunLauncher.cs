using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Logging;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Decides whether a run starts fresh or resumes, opens the session, and runs the pipeline. Re-running the same
/// config resumes its newest unfinished run folder when the resolved config is unchanged; a changed config is
/// refused unless forced (or <c>--new</c> starts a fresh run).
/// </summary>
public static class RunLauncher
{
    private static readonly Logger Log = LogManager.GetLogger("run");

    /// <summary>How to treat an existing unfinished run.</summary>
    public sealed record Options(bool ForceResume, bool StartNew, bool Verbose)
    {
        /// <summary>Adjusts the loaded config before it is hashed and used (tests apply smoke profiles here).</summary>
        public Action<RunConfig>? Configure { get; init; }

        /// <summary>Called before every rating request of a searcher with the number of requests so far in this process.</summary>
        public Action<int>? RatingObserver { get; init; }

        /// <summary>Called after every optimiser step (phase, metrics).</summary>
        public Action<string, Training.StepMetrics>? StepObserver { get; init; }

        /// <summary>
        /// The executor of the run's independent parts (DNA's block stages, retraining and controls), given the config
        /// and the run folder; null, or a null result, runs them inline as one process.
        /// </summary>
        public Func<RunConfig, string, Execution.IExecutor?>? PartsExecutor { get; init; }

        /// <summary>
        /// Without <c>[run] threads</c>, leave out the CPUs other processes keep busy when the run starts (the CLI's
        /// choice; tests and comparisons keep the plain count so that runs compare exactly).
        /// </summary>
        public bool LoadAwareThreads { get; init; }

        /// <summary>
        /// The <c>bossnas run</c> choice: parts go to Slurm tasks or child processes when the config's <c>[executor]</c>
        /// says so, else they run inline.
        /// </summary>
        public static Execution.IExecutor? FromConfig(RunConfig config, string runFolder) =>
            config.Executor.Kind is "slurm" or "process" ? Execution.IExecutor.For(config.Executor, runFolder) : null;
    }

    /// <summary>Runs a config or a run folder; returns the outcome and the run folder.</summary>
    /// <exception cref="ConfigException">The config is invalid, or changed since the run it would resume.</exception>
    public static (PhaseRunner.Outcome Outcome, RunFolder Folder) Launch(string target, IReadOnlyList<string> overrides,
        PluginHost host, Options options, CancellationToken cancel) =>
        Launch(ConfigSource.Read(target, overrides), host, options, cancel);

    /// <summary>Runs a config already read (a config file, or a run folder's config); returns the outcome and the run folder.</summary>
    /// <exception cref="ConfigException">The config is invalid, or changed since the run it would resume.</exception>
    public static (PhaseRunner.Outcome Outcome, RunFolder Folder) Launch(ConfigSource source, PluginHost host, Options options,
        CancellationToken cancel) =>
        Launch(source.Bind(host), source.RunFolder, host, options, cancel);

    /// <summary>
    /// Runs a bound config (a compare arm's): resumes its newest unfinished run, or the run folder
    /// <paramref name="folderTarget"/> when given; returns the outcome and the run folder.
    /// </summary>
    /// <exception cref="ConfigException">The config is invalid, or changed since the run it would resume.</exception>
    internal static (PhaseRunner.Outcome Outcome, RunFolder Folder) Launch(RunConfig config, string? folderTarget, PluginHost host,
        Options options, CancellationToken cancel)
    {
        bool isFolder = folderTarget is not null;
        var target = folderTarget ?? config.Source;
        var configPath = isFolder ? Path.Combine(target, RunFolder.ConfigFile) : target;
        options.Configure?.Invoke(config);
        var components = ComponentSet.Create(config, host);
        var hash = config.Hash();

        RunFolder? folder = isFolder ? RunFolder.Open(target) : null;
        if (folder is null && !options.StartNew)
            folder = RunFolder.LatestUnfinished(Path.GetFullPath(config.Run.Output), config.Run.Name);
        if (folder is not null && folder.IsDone && isFolder)
            throw new ConfigException([new ConfigError(target, 0, 0, "this run folder is finished; run the config to start a new run")]);
        // A folder in which nothing was checkpointed (a start that failed) holds nothing to resume: the corrected
        // config takes it over instead of being refused as a changed config.
        bool nothingToResume = folder is not null && new CheckpointStore(folder.Path).Candidates().Count == 0;
        if (folder is not null && folder.ConfigHash != hash && !options.ForceResume && !nothingToResume)
        {
            throw new ConfigException([new ConfigError(configPath, 0, 0,
                $"the config changed since run {folder.Path} was started (hash {folder.ConfigHash?[..12]} vs {hash[..12]}); " +
                "pass --force to resume it with the new config, or --new to start a fresh run")]);
        }

        bool created = folder is null;
        folder ??= CreateFolder(config, config.Run.Name);
        var warnings = new List<string>();
        OpenRun? open = null;
        try
        {
            open = OpenRun.Open(folder, () => new RunState { ConfigHash = hash, Phase = config.Pipeline.Phases[0] }, warnings.Add);
            if (folder.ConfigHash != hash)
            {
                // --force, or a failed start taken over: the run goes on under the new config; the folder says so.
                File.WriteAllText(folder.File(RunFolder.ConfigFile), config.ToResolvedToml());
                File.WriteAllText(folder.File("config.sha256"), hash + Environment.NewLine);
            }
            open.State.ConfigHash = hash;
            folder.ClearFailed();
            LoggingSetup.ForRun(folder.Path, options.Verbose);
            foreach (var w in warnings) Log.Warn(w);
            if (open.Resumed)
                Log.Info("Resuming {Folder}: phase {Phase}, stage {Stage}, step {Step}", folder.Path, open.State.Phase,
                    open.State.Stage, open.State.Step);
            else Log.Info("New run {Folder}", folder.Path);

            using var session = new RunSession(config, components, folder, open.State, cancel, options.LoadAwareThreads)
            {
                StepObserver = options.StepObserver, RatingObserver = options.RatingObserver,
                PartsExecutor = options.PartsExecutor?.Invoke(config, folder.Path), Host = host, Verbose = options.Verbose,
            };
            var resumed = open.TakeTensors(); // the pipeline disposes them
            return (session.Progress.Run(() => PhaseRunner.Run(session, resumed)), folder);
        }
        catch (Exception e) when (RunFailure.Mark(folder, e))
        {
            throw; // not reached: the filter marks the folder and declines
        }
        catch (Exception) when (created && new CheckpointStore(folder.Path).Candidates().Count == 0)
        {
            // Nothing was trained: leave nothing behind that a corrected re-run would have to step over.
            LogManager.Flush();
            LoggingSetup.ConsoleOnly(options.Verbose);
            open?.Release();
            TryDelete(folder.Path);
            throw;
        }
        finally
        {
            open?.Dispose();
        }
    }

    /// <summary>
    /// A new run folder under <c>[run] output</c>; an output that cannot hold one (a file, a read-only file system, no
    /// permission) is a config error at that key.
    /// </summary>
    /// <exception cref="ConfigException">The folder cannot be created.</exception>
    internal static RunFolder CreateFolder(RunConfig config, string name)
    {
        var output = Path.GetFullPath(config.Run.Output);
        try
        {
            return RunFolder.Create(output, name, config.ToResolvedToml(), config.Hash());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([config.OutputKey.Error($"cannot create a run folder in {output}: {e.Message}")]);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warn("Could not remove the run folder {Folder} of the failed start: {Reason}", path, e.Message);
        }
    }
}
