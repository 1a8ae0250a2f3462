using BossNas.Cli;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Engine;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Export;
using BossNas.Engine.Import;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using static TorchSharp.torch;

namespace BossNas.Tests.Export;

/// <summary>
/// <c>bossnas export --supernet</c> of a smoke run (NATS, ensemble bootstrapping) writes the supernet alone with the
/// space's options, and <c>bossnas train --from-supernet</c> starts a child whose weights are the supernet's slices,
/// exactly as the inherit phase takes them from the run's own <c>supernet.bin</c>; a config of another space is refused.
/// </summary>
[Collection("Torch")]
public sealed class SupernetExportTests : IClassFixture<SupernetExportTests.TrainedSupernet>
{
    private readonly TrainedSupernet _run;

    public SupernetExportTests(TrainedSupernet run) => _run = run;

    /// <summary>A smoke run that trained its supernet (and nothing after it).</summary>
    public sealed class TrainedSupernet : IDisposable
    {
        private readonly TempFolder _temp = new();

        public TrainedSupernet()
        {
            var (outcome, folder) = RunLauncher.Launch(Config, [$"run.output=\"{_temp.File("runs")}\"", "pipeline.phases=[\"supernet\"]"],
                TestPlugins.Host, new RunLauncher.Options(false, false, false), CancellationToken.None);
            Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
            Folder = folder;
        }

        public static string Config => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");

        public RunFolder Folder { get; }

        public string Output(string name) => _temp.File(name);

        public void Dispose() => _temp.Dispose();
    }

    private const string Arch = "01|10|1";

    [Fact]
    public void The_exported_supernet_holds_the_supernet_alone_with_the_spaces_options()
    {
        var (code, stdout, stderr) = Cli("export", "--supernet", _run.Folder.Path);
        Assert.True(code == ExitCodes.Ok, stderr);
        var file = _run.Folder.File(SupernetFile.FileName);
        Assert.Equal(file, stdout.Trim());

        var meta = SafeTensors.ReadMetadata(file);
        Assert.Equal(("supernet", "nats", "ensemble_bootstrapping", "[1, 16, 16]", "4"),
            (meta[SupernetFile.KindKey], meta["search_space"], meta["supervision"], meta["input_size"], meta["num_classes"]));
        Assert.Contains("candidate_widths = [8, 16]", meta[SupernetFile.SpaceKey]);
        var space = ComponentOptions.Create<BossNas.Core.Spaces.ISearchSpace>(ComponentKind.SearchSpace, "nats", ("CandidateWidths", new[] { 8, 16 }));
        using var supernet = space.CreateSupernet(new InputShape(1, 16, 16, 4));
        var tensors = StateDictFile.Read(file);
        Assert.Equal(supernet.state_dict().Keys.Order(StringComparer.Ordinal), tensors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Train_from_supernet_starts_the_child_from_the_supernets_slices()
    {
        var output = _run.Output("children");
        var (code, _, stderr) = Cli("train", TrainedSupernet.Config, "--arch", Arch, "--from-supernet", _run.Folder.Path,
            "--set", "retrain.epochs=0", "--set", $"run.output=\"{output}\"");
        Assert.True(code == ExitCodes.Ok, stderr);
        var child = Directory.GetDirectories(Directory.GetDirectories(output).Single()).Single();
        var weights = Read(Path.Combine(child, "model.bin"));
        var supernet = StateDictFile.Read(_run.Folder.File(SupernetFile.FileName));
        Assert.StartsWith("supernet ", TrainedNetwork.Describe(child, TrainLauncher.ModelName).InitialisedFrom);

        // The stem of width 8 (choice 0) is the first 8 output channels of the shared 16-channel kernel.
        Assert.Equal([8L, 1, 3, 3], weights["stem_conv.weight"].shape);
        Assert.True(weights["stem_conv.weight"].eq(supernet["stem_conv.weight"].narrow(0, 0, 8)).all().item<bool>());
        // Every tensor is what the inherit phase gives this architecture from the run's own supernet.bin (the same
        // initialisation seed as training's, for what a NATS supernet has no counterpart of: the classifier)...
        var expected = InheritedFromRun(Architecture.Parse(Arch));
        var fresh = Fresh(Architecture.Parse(Arch));
        Assert.False(fresh["stem_conv.weight"].eq(weights["stem_conv.weight"]).all().item<bool>());
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), weights.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, kv => Assert.True(kv.Value.eq(weights[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void A_config_of_other_space_options_is_refused_with_exit_2()
    {
        var output = _run.Output("refused");
        var (code, _, stderr) = Cli("train", TrainedSupernet.Config, "--arch", Arch, "--from-supernet", _run.Folder.Path,
            "--set", "search_space.candidate_widths=[8, 24]", "--set", $"run.output=\"{output}\"");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--from-supernet", stderr);
        Assert.Contains("search space differs", stderr);
        Assert.False(Directory.Exists(output));
    }

    /// <summary>The stand-alone network's weights as the inherit phase takes them: the strategy built and loaded whole from supernet.bin.</summary>
    private Dictionary<string, Tensor> InheritedFromRun(Architecture arch)
    {
        var config = RunConfig.Load(_run.Folder.File(RunFolder.ConfigFile), [], TestPlugins.Host);
        var components = ComponentSet.Create(config, TestPlugins.Host);
        var input = new InputShape(1, 16, 16, 4);
        components.Strategy.Build(components.Space, input,
            new RunContext(CPU, new RngStreams(1), NLog.LogManager.GetLogger("test"), new NullMetricsSink(), _run.Folder.Path));
        TensorStore.LoadInto(components.Strategy.Modules, Read(_run.Folder.File(SupernetState.File)), SupernetState.ModelPrefix);
        manual_seed(RunSeeds.StandaloneInit(config.Run.Seed));
        using var model = components.Space.CreateStandalone(arch, input);
        components.Space.InheritWeights(components.Strategy.Supernet, model, arch);
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
    }

    /// <summary>The stand-alone network as training initialises it, before any weights are loaded.</summary>
    private static Dictionary<string, Tensor> Fresh(Architecture arch)
    {
        var space = ComponentOptions.Create<BossNas.Core.Spaces.ISearchSpace>(ComponentKind.SearchSpace, "nats", ("CandidateWidths", new[] { 8, 16 }));
        manual_seed(RunSeeds.StandaloneInit(1));
        using var model = space.CreateStandalone(arch, new InputShape(1, 16, 16, 4));
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
    }

    private static Dictionary<string, Tensor> Read(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        return TensorStore.Read(r);
    }

    private static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = BossNasCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
