using System.Diagnostics;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Engine.Config;
using TorchSharp;
using BossNas.Engine.Runs;
using BossNas.Engine.Training;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>teacher</c> phase: the teacher of a distilling strategy (DNA). It trains the teacher's stand-alone network
/// supervised on the run's training data with the <c>[teacher]</c> budget (resumable like retraining), or loads the
/// network a <c>bossnas train</c> run saved (<c>[teacher] from</c>), checks it against this run's space and data, and
/// tests it. Either way the teacher ends up as <c>teacher.bin</c> + <c>teacher.json</c> in the run folder, from which
/// <see cref="TeacherState"/> hands it to the strategy in every later phase and process.
/// </summary>
internal sealed class TeacherPhase : IPhase
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Teacher);

    /// <inheritdoc />
    public string Name => PhaseNames.Teacher;

    /// <inheritdoc />
    public IReadOnlyList<ComponentKind> Roles { get; } = [ComponentKind.Supervision];

    /// <inheritdoc />
    public IReadOnlyList<PhaseNeed> Needs { get; } = [];

    /// <inheritdoc />
    public string Produces => "teacher.bin + teacher.json (the trained or loaded teacher), its test accuracy";

    /// <inheritdoc />
    public void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var config = s.Config;
        var spacePlugin = config[ComponentKind.SearchSpace].Plugin;
        if (config.Teacher.From is { Length: > 0 } file && Import.StateDictFile.IsWeightsFile(file))
        {
            LoadPyTorch(s, spacePlugin, config.ResolvePath(file));
            return;
        }
        if (config.Teacher.From is { Length: > 0 } from)
        {
            var clock = Stopwatch.StartNew();
            var folder = config.ResolvePath(from);
            (nn.Module<Tensor, Tensor> Model, Architecture Architecture, TrainedNetwork Info) loaded;
            try
            {
                loaded = TrainedNetwork.Load(folder, TrainLauncher.ModelName, s.Components.Space, spacePlugin, s.Input);
            }
            catch (InvalidDataException e)
            {
                throw new ConfigException([new ConfigError(config.Source, 0, 0, $"[teacher] from: {e.Message}")]);
            }
            using var model = loaded.Model;
            if (config.Teacher.Architecture.Length > 0 && !Architecture(s).Equals(loaded.Architecture))
                throw new ConfigException([new ConfigError(config.Source, 0, 0,
                    $"[teacher] architecture is {Architecture(s)}, but the network in {folder} is {loaded.Architecture}")]);
            model.to(s.Device);
            double accuracy = Accuracy.Of(model, s.Data.Test, s.Views, config.Data.BatchSize, s.Device);
            Log.Info("Teacher {Arch} loaded from {Folder}: test accuracy {Acc:P2}", loaded.Architecture, folder, accuracy);
            Finish(s, model, spacePlugin, loaded.Architecture, accuracy);
            s.State.AddTime(PhaseNames.Teacher, clock.Elapsed.TotalSeconds);
            return;
        }

        var arch = Architecture(s);
        Log.Info("Teacher {Arch} ({Cost}):{NewLine}{Describe}", arch, s.Components.Space.Cost(arch, s.Input), Environment.NewLine,
            s.Components.Space.Describe(arch));
        RetrainPhase.Train(s, PhaseNames.Teacher, arch, resumed, config.Teacher, RunSeeds.TeacherInit(config.Run.Seed),
            RunSeeds.TeacherData(config.Run.Seed), (model, accuracy) => Finish(s, model, spacePlugin, arch, accuracy));
    }

    /// <summary>
    /// The teacher as a PyTorch state dict (<c>[teacher] from</c> a <c>.safetensors</c> / <c>.pth</c> file): the stand-alone
    /// network of <c>[teacher] architecture</c> (or the space's largest) takes every tensor of the file, renamed by
    /// <c>[teacher] rename</c>, and is tested like a trained teacher. A file that does not fit is a config error listing
    /// the tensors that differ.
    /// </summary>
    private static void LoadPyTorch(RunSession s, string spacePlugin, string path)
    {
        var clock = Stopwatch.StartNew();
        var arch = Architecture(s);
        using var model = s.Components.Space.CreateStandalone(arch, s.Input);
        try
        {
            Import.WeightImport.LoadFile(model, path, new Import.NameMap(s.Config.Teacher.Rename));
        }
        catch (InvalidDataException e)
        {
            throw new ConfigException([new ConfigError(s.Config.Source, 0, 0, $"[teacher] from: {e.Message}")]);
        }
        model.to(s.Device);
        double accuracy = Accuracy.Of(model, s.Data.Test, s.Views, s.Config.Data.BatchSize, s.Device);
        Log.Info("Teacher {Arch} loaded from PyTorch weights {File}: test accuracy {Acc:P2}", arch, path, accuracy);
        Finish(s, model, spacePlugin, arch, accuracy);
        s.State.AddTime(PhaseNames.Teacher, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The teacher architecture the config asks for: <c>[teacher] architecture</c>, or the space's largest.</summary>
    /// <exception cref="ConfigException">The named architecture is not one of the space.</exception>
    public static Architecture Architecture(RunSession s)
    {
        var space = s.Components.Space;
        var text = s.Config.Teacher.Architecture;
        if (text.Length == 0) return space.Largest(s.Input);
        Architecture arch;
        try
        {
            arch = space.NamedArchitectures.TryGetValue(text, out var named) ? named : Core.Architectures.Architecture.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ConfigException([new ConfigError(s.Config.Source, 0, 0, $"[teacher] architecture: {e.Message}")]);
        }
        if (space.Validate(arch) is { } why)
            throw new ConfigException([new ConfigError(s.Config.Source, 0, 0, $"[teacher] architecture '{text}' is not valid in this space: {why}")]);
        return arch;
    }

    // Training time is counted by the training loop itself.
    private static void Finish(RunSession s, nn.Module model, string spacePlugin, Architecture arch, double accuracy)
    {
        TrainedNetwork.Save(s.Folder.Path, TeacherState.Name, model, spacePlugin, arch, s.Input, accuracy, s.Preprocessing);
        s.State.Results.Teacher = accuracy;
        s.Metrics.Write(PhaseNames.Teacher, new Dictionary<string, object?>
        {
            ["architecture"] = arch.ToString(), ["test_accuracy"] = accuracy, ["from"] = s.Config.Teacher.From,
        });
    }
}
