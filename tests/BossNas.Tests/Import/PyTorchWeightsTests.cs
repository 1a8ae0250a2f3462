using BossNas.Cli;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Export;
using BossNas.Engine.Import;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using static TorchSharp.torch;

namespace BossNas.Tests.Import;

/// <summary>
/// Networks written by Debian's PyTorch (the NATS twin of <c>bench/pytorch_nats.py</c>; <c>Fixtures/pytorch</c> and the
/// script that made them) load into this framework's stand-alone network, from <c>.pth</c> and <c>.safetensors</c>,
/// directly, as a <c>[teacher] from</c> and through <c>bossnas train --init</c>, and give PyTorch's eval-mode logits
/// within 1e-5; a nested checkpoint loads with rename rules; files that do not fit are refused with the tensors' names.
/// </summary>
[Collection("Torch")]
public sealed class PyTorchWeightsTests
{
    private static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch", file);

    private static readonly InputShape Input = new(1, 16, 16, 4);

    private static ISearchSpace Space() =>
        ComponentOptions.Create<ISearchSpace>(ComponentKind.SearchSpace, "nats", ("CandidateWidths", new[] { 2, 4 }));

    private static string SmokeConfig => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml");

    /// <summary>PyTorch's input batch and logits for the twin of <paramref name="arch"/>.</summary>
    private static (Tensor Input, Tensor Logits) Expected(string arch)
    {
        var t = StateDictFile.Read(Fixture($"nats_{arch.Replace("|", "")}.expected.safetensors"));
        return (t["input"], t["logits"]);
    }

    private static double MaxLogitDifference(nn.Module<Tensor, Tensor> model, string arch)
    {
        using var scope = NewDisposeScope();
        var (x, logits) = Expected(arch);
        model.eval();
        using var noGrad = no_grad();
        return model.call(x).sub(logits).abs().max().item<float>();
    }

    [Theory]
    [InlineData("11|11|1", ".pth")]
    [InlineData("11|11|1", ".safetensors")]
    [InlineData("01|10|1", ".pth")]
    [InlineData("01|10|1", ".safetensors")]
    public void A_pytorch_twin_loads_into_the_standalone_network_and_gives_pytorchs_logits(string arch, string extension)
    {
        using var model = Space().CreateStandalone(Architecture.Parse(arch), Input);
        double before = MaxLogitDifference(model, arch);

        WeightImport.LoadFile(model, Fixture($"nats_{arch.Replace("|", "")}{extension}"), NameMap.None);

        Assert.True(before > 1e-2, $"the fresh network already gives PyTorch's logits ({before})");
        Assert.InRange(MaxLogitDifference(model, arch), 0, 1e-5);
    }

    [Fact]
    public void A_nested_dataparallel_checkpoint_loads_with_a_rename_and_is_refused_without_it()
    {
        using var model = Space().CreateStandalone(Architecture.Parse("11|11|1"), Input);
        var file = Fixture("nats_11111.checkpoint.pth");

        var e = Assert.Throws<InvalidDataException>(() => WeightImport.LoadFile(model, file, NameMap.None));
        // The first of each kind, with its shape: missing in the network's order, unused in name order.
        Assert.Contains("tensor(s) of the network missing in the file: stem_conv.weight [4, 1, 3, 3]; stem_bn.weight [4]", e.Message);
        Assert.Contains("tensor(s) of the file unused by the network: state_dict.module.head.classifier.bias [4]", e.Message);
        Assert.DoesNotContain("epoch", e.Message);

        WeightImport.LoadFile(model, file, NameMap.Parse(["state_dict.=", "state_dict.module.="]));
        Assert.InRange(MaxLogitDifference(model, "11|11|1"), 0, 1e-5);
    }

    [Fact]
    public void A_file_with_a_missing_and_a_misshapen_tensor_is_refused_with_their_names_and_shapes()
    {
        using var temp = new TempFolder();
        var bad = temp.File("bad.safetensors");
        WriteBroken(bad);
        using var model = Space().CreateStandalone(Architecture.Parse("11|11|1"), Input);
        var fresh = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var e = Assert.Throws<InvalidDataException>(() => WeightImport.LoadFile(model, bad, NameMap.None));

        Assert.Contains("1 shape(s) differ (name: expected, found): stem_conv.weight: [4, 1, 3, 3], [4, 1, 5, 5]", e.Message);
        Assert.Contains("1 tensor(s) of the network missing in the file: head.classifier.bias [4]", e.Message);
        Assert.Contains("1 tensor(s) of the file unused by the network: head.extra.weight [2]", e.Message);
        // Nothing was copied: the network keeps its initial weights.
        Assert.All(model.state_dict(), kv => Assert.True(kv.Value.eq(fresh[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void Train_init_starts_from_the_pytorch_weights_and_refuses_a_broken_file_with_exit_2_and_no_run_folder()
    {
        using var temp = new TempFolder();
        var bad = temp.File("bad.safetensors");
        WriteBroken(bad);
        string[] common = ["train", SmokeConfig, "--arch", "01|10|1", "--set", "search_space.candidate_widths=[2, 4]",
            "--set", "retrain.epochs=0", "--set", $"run.output=\"{temp.File("runs")}\""];

        var (code, _, stderr) = Cli([.. common, "--init", bad]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--init", stderr);
        Assert.Contains("stem_conv.weight", stderr);
        Assert.False(Directory.Exists(temp.File("runs")));

        (code, _, stderr) = Cli([.. common, "--init", Fixture("nats_01101.pth")]);
        Assert.True(code == ExitCodes.Ok, stderr);
        var folder = Directory.GetDirectories(Directory.GetDirectories(temp.File("runs")).Single()).Single();
        var info = TrainedNetwork.Describe(folder, TrainLauncher.ModelName);
        Assert.Equal(Path.GetFullPath(Fixture("nats_01101.pth")), info.InitialisedFrom);
        using var model = Space().CreateStandalone(Architecture.Parse("01|10|1"), Input);
        using (var r = new BinaryReader(File.OpenRead(Path.Combine(folder, "model.bin"))))
            TensorStore.LoadInto(model, TensorStore.Read(r), "");
        Assert.InRange(MaxLogitDifference(model, "01|10|1"), 0, 1e-5);
    }

    [Fact]
    public void A_pytorch_file_becomes_the_teacher_of_a_dna_run_and_a_broken_one_is_a_config_error()
    {
        using var temp = new TempFolder();
        var config = temp.File("dna.toml");
        File.WriteAllText(config, DnaTeacherConfig(temp.File("runs")));

        var (outcome, folder) = RunLauncher.Launch(config, [$"teacher.from=\"{Fixture("nats_11111.checkpoint.pth")}\""], TestPlugins.Host,
            new RunLauncher.Options(false, false, false), CancellationToken.None);

        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        var (teacher, arch, _) = TrainedNetwork.Load(folder.Path, "teacher", Space(), "nats", Input);
        using (teacher)
        {
            Assert.Equal("11|11|1", arch.ToString());
            Assert.InRange(MaxLogitDifference(teacher, "11|11|1"), 0, 1e-5);
        }
        Assert.NotNull(RunState.FromJson(File.ReadAllText(folder.File("state.json"))).Results.Teacher);

        var bad = temp.File("bad.safetensors");
        WriteBroken(bad);
        var e = Assert.Throws<BossNas.Engine.Config.ConfigException>(() => RunLauncher.Launch(config,
            [$"teacher.from=\"{bad}\"", $"run.output=\"{temp.File("runs2")}\""], TestPlugins.Host,
            new RunLauncher.Options(false, false, false), CancellationToken.None));
        Assert.Contains("[teacher] from: ", e.Message);
        Assert.Contains("head.classifier.bias [4]", e.Message);
    }

    /// <summary>DNA on the smoke data and NATS widths [2, 4], only the teacher phase; the teacher from the checkpoint fixture.</summary>
    private static string DnaTeacherConfig(string output) => $$"""
        [run]
        name = "pytorch-teacher"
        seed = 1
        device = "cpu"
        output = "{{output}}"

        [data]
        dataset = "synthetic"
        synthetic_count = 64
        synthetic_size = 16
        synthetic_channels = 1
        synthetic_classes = 4
        batch_size = 32
        prefetch = 1

        [pipeline]
        phases = ["teacher"]

        [teacher]
        rename = { "state_dict.module." = "" }

        [search_space]
        plugin = "nats"
        candidate_widths = [2, 4]

        [supervision]
        plugin = "dna"
        output_adapter = "conv1x1"
        """;

    /// <summary>The 11|11|1 twin with the stem conv of another kernel, the classifier bias left out and a foreign tensor added.</summary>
    private static void WriteBroken(string path)
    {
        var tensors = StateDictFile.Read(Fixture("nats_11111.safetensors"));
        tensors.Remove("head.classifier.bias");
        tensors["stem_conv.weight"] = zeros(4, 1, 5, 5);
        tensors["head.extra.weight"] = zeros(2);
        SafeTensors.Write(path, tensors);
    }

    private static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = BossNasCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
