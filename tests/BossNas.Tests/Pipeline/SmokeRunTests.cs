using System.Text.Json;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Training;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Pipeline;

/// <summary>
/// The whole pipeline (supernet stages, block-wise rating and search, retraining, control, report) on each space
/// with the smoke profiles in configs/smoke, and an interrupted run that resumes to the same result.
/// </summary>
[Collection("Torch")]
public sealed class SmokeRunTests
{
    private static string Config(string space) => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", $"{space}.toml");

    private static (PhaseRunner.Outcome, RunFolder) Run(string space, string output, Action<string, StepMetrics>? observer = null,
        CancellationTokenSource? cancel = null)
    {
        var options = new RunLauncher.Options(false, false, false) { StepObserver = observer };
        return RunLauncher.Launch(Config(space), new[] { $"run.output=\"{output}\"" }, TestPlugins.Host, options,
            cancel?.Token ?? CancellationToken.None);
    }

    [Theory]
    [InlineData("nats")]
    [InlineData("mbconv")]
    [InlineData("hytra")]
    public void A_smoke_run_produces_architecture_ratings_accuracies_and_report(string space)
    {
        using var temp = new TempFolder();
        var (outcome, folder) = Run(space, temp.Path);
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        Assert.True(folder.IsDone);
        using var arch = JsonDocument.Parse(File.ReadAllText(folder.File("architecture.json")));
        var encoding = arch.RootElement.GetProperty("architecture").GetString()!;
        int blocks = encoding.Split('|').Length;
        for (int b = 0; b < blocks; b++)
        {
            var csv = File.ReadAllLines(Path.Combine(folder.Path, "ratings", $"ratings_block{b}.csv"));
            Assert.Equal("path,score,madds,params", csv[0]);
            Assert.True(csv.Length > 1);
            Assert.Contains(encoding.Split('|')[b], csv[1..].Select(l => l.Split(',')[0]));
            Assert.All(csv[1..], l => Assert.True(double.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) > 0));
            Assert.True(File.Exists(Path.Combine(folder.Path, "ratings", "path_rank", $"path_rank_{b}.yml")));
        }
        // A block-wise search's front: its last block's candidates behind the found prefix, each a whole architecture.
        var pareto = File.ReadAllLines(folder.File("ratings/pareto.csv"));
        Assert.Equal("architecture,score,madds,params", pareto[0]);
        var prefix = string.Join('|', encoding.Split('|')[..^1]);
        var lastPaths = File.ReadAllLines(Path.Combine(folder.Path, "ratings", $"ratings_block{blocks - 1}.csv"))[1..].Select(l => l.Split(',')[0]);
        Assert.Subset(lastPaths.Select(p => $"{prefix}|{p}").ToHashSet(), pareto[1..].Select(l => l.Split(',')[0]).ToHashSet());
        Assert.Contains(encoding, pareto[1..].Select(l => l.Split(',')[0]));
        var report = File.ReadAllText(folder.File("report.md"));
        Assert.Contains(encoding, report);
        Assert.Contains("## Pareto front:", report);
        Assert.Contains("| found |", report);
        Assert.Contains("| random control |", report);
        // report.html: the same tables, the found architecture, nothing fetched from the network.
        var html = File.ReadAllText(folder.File("report.html"));
        Assert.Equal(System.Text.RegularExpressions.Regex.Matches(report, @"(?m)^\|---").Count, System.Text.RegularExpressions.Regex.Matches(html, "<table>").Count);
        Assert.Contains($"<code>{encoding}</code>", html);
        Assert.DoesNotMatch(@"https?://", html);
        foreach (var csvFile in Directory.GetFiles(folder.File("ratings"), "*.csv"))
        {
            var table = System.Text.RegularExpressions.Regex.Match(html, $"<table class=\"csv\" data-file=\"ratings/{Path.GetFileName(csvFile)}\">(.*?)</table>",
                System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
            Assert.Equal(File.ReadAllLines(csvFile).Count(l => l.Length > 0), System.Text.RegularExpressions.Regex.Matches(table, "<tr>").Count);
        }
        Assert.True(new FileInfo(folder.File("loss_supernet.png")).Length > 1000);
        Assert.True(new FileInfo(folder.File("loss_retrain.png")).Length > 1000);
        var tests = MetricsWriter.Read(folder.File("metrics.jsonl"), "test");
        Assert.Equal(new[] { "retrain", "control" }, tests.Select(t => t.GetProperty("phase").GetString()));
        // Each accuracy is a count of correct test images over the test set the log names, and the run state and the
        // report carry the same numbers.
        var testImages = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(folder.File("log.txt")), @"on (\d+) test images")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Single();
        var results = BossNas.Engine.Checkpoints.RunState.FromJson(File.ReadAllText(folder.File("state.json"))).Results;
        foreach (var t in tests)
        {
            double accuracy = t.GetProperty("test_accuracy").GetDouble();
            double correct = accuracy * testImages;
            Assert.True(Math.Abs(correct - Math.Round(correct)) < 1e-6, $"{accuracy} is not a count over {testImages} images");
            Assert.Equal(accuracy, results.Of(t.GetProperty("phase").GetString()!));
            Assert.Contains(accuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture), report);
        }

        // The trained networks come out: exported as safetensors, read back independently, equal to the saved weights,
        // and as ONNX, giving the saved network's logits in ONNX Runtime.
        var exported = BossNas.Engine.Export.NetworkExporter.Export(folder.Path, TestPlugins.Host).Select(Path.GetFileName).Order().ToList();
        // Each network with its config.json (preprocessing, labels, architecture) beside the weights.
        Assert.Equal(new[] { "control.config.json", "control.onnx", "control.safetensors", "retrain.config.json", "retrain.onnx", "retrain.safetensors" }, exported);
        var (tensors, metadata) = SafeTensorsReader.Read(folder.File("networks/retrain.safetensors"));
        Assert.Equal(encoding, metadata["architecture"]);
        Assert.Equal(space, metadata["search_space"]);
        var smokeOptions = BossNas.Engine.Config.RunConfig.Load(Config(space), Array.Empty<string>(), TestPlugins.Host)[BossNas.Core.Components.ComponentKind.SearchSpace].Options;
        var spaceBuilt = TestPlugins.Host.Create<BossNas.Core.Spaces.ISearchSpace>(BossNas.Core.Components.ComponentKind.SearchSpace, space, smokeOptions);
        var info = TrainedNetwork.Describe(folder.File("networks"), "retrain");
        var input = new BossNas.Core.Architectures.InputShape(info.Channels, info.Height, info.Width, info.Classes);
        var (model, _, _) = TrainedNetwork.Load(folder.File("networks"), "retrain", spaceBuilt, space, input);
        using (model)
        {
            using (var onnx = new BossNas.Engine.Eval.OnnxClassifier(folder.File("networks/retrain.onnx")))
            using (var images = TorchSharp.torch.randn(4, info.Channels, info.Height, info.Width))
            {
                Assert.Equal(encoding, onnx.Metadata["architecture"]);
                Assert.InRange(OnnxCheck.MaxDifference(model, onnx, images), 0, 1e-4);
            }
            var state = model.state_dict();
            Assert.Equal(state.Keys.Order(), tensors.Keys.Order());
            foreach (var (name, t) in state)
            {
                Assert.Equal(t.shape, tensors[name].Shape);
                using var cpu = t.detach().cpu().contiguous();
                Assert.True(cpu.bytes.ToArray().AsSpan().SequenceEqual(tensors[name].Bytes), name);
            }
        }
    }

    [Fact]
    public void An_interrupted_run_resumes_from_its_checkpoint_and_ends_like_an_uninterrupted_one()
    {
        using var straight = new TempFolder();
        var (_, a) = Run("nats", straight.Path);

        using var interrupted = new TempFolder();
        using var stop = new CancellationTokenSource();
        var (first, b) = Run("nats", interrupted.Path, (phase, m) =>
        {
            if (phase == "supernet" && m.GlobalStep == 5) stop.Cancel(); // inside stage 1
        }, stop);
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        Assert.False(b.IsDone);
        var state = RunState.FromJson(File.ReadAllText(b.File("state.json")));
        Assert.Equal(("supernet", 1, 2), (state.Phase, state.Stage, state.Step));

        // Running the same config again finds the unfinished run folder and resumes it.
        var (second, resumed) = Run("nats", interrupted.Path);
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.Equal(b.Path, resumed.Path);

        Assert.Equal(Json(a, "architecture"), Json(resumed, "architecture"));
        for (int block = 0; block < 3; block++)
            Assert.Equal(File.ReadAllText(Path.Combine(a.Path, "ratings", $"ratings_block{block}.csv")),
                File.ReadAllText(Path.Combine(resumed.Path, "ratings", $"ratings_block{block}.csv")));
        Assert.Equal(Losses(a), Losses(resumed));
    }

    [Fact]
    public void A_run_that_failed_after_a_checkpoint_is_marked_failed_and_resumes_with_each_step_once_in_metrics_and_tensorboard()
    {
        using var temp = new TempFolder();
        // Checkpoints every 2 steps: the crash at global step 3 leaves steps 2 and 3 to be redone.
        var crash = Assert.ThrowsAny<Exception>(() => Run("nats", temp.Path, (phase, m) =>
        {
            if (phase == "supernet" && m.GlobalStep == 3) throw new InvalidOperationException("simulated crash");
        }));
        var folder = RunFolder.LatestUnfinished(temp.Path, "smoke-nats")!;
        Assert.Contains("simulated crash", folder.Failure);
        Assert.Equal(RunStatus.Failed, Assert.Single(RunIndex.Scan(temp.Path)).Status);

        var (outcome, resumed) = Run("nats", temp.Path);
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        Assert.Equal(folder.Path, resumed.Path);
        Assert.Null(resumed.Failure);

        var metricSteps = MetricsWriter.Read(resumed.File("metrics.jsonl"), "step")
            .Where(e => e.GetProperty("phase").GetString() == "supernet").Select(e => e.GetProperty("global_step").GetInt64()).ToList();
        var events = Directory.GetFiles(resumed.File("tensorboard"))
            .SelectMany(f => Reliability.TensorBoardTests.ReadEvents(File.ReadAllBytes(f))).ToList();
        var boardSteps = events.Where(e => e.Tag == "supernet/loss").Select(e => e.Step).ToList();
        Assert.Equal(metricSteps.Distinct().Count(), metricSteps.Count);
        Assert.Equal(metricSteps, boardSteps);
        Assert.Contains(3L, boardSteps);
    }

    [Fact]
    public void A_changed_config_is_refused_for_resuming_unless_forced()
    {
        using var temp = new TempFolder();
        using var stop = new CancellationTokenSource();
        var (first, folder) = Run("nats", temp.Path, (phase, m) => { if (m.GlobalStep == 2) stop.Cancel(); }, stop);
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);

        var changed = new[] { $"run.output=\"{temp.Path}\"", "train.lr=0.2" };
        var e = Assert.Throws<BossNas.Engine.Config.ConfigException>(() => RunLauncher.Launch(Config("nats"), changed,
            TestPlugins.Host, new RunLauncher.Options(false, false, false), CancellationToken.None));
        Assert.Contains("the config changed since run", e.Message);

        var (forced, resumed) = RunLauncher.Launch(Config("nats"), changed, TestPlugins.Host,
            new RunLauncher.Options(ForceResume: true, StartNew: false, Verbose: false), CancellationToken.None);
        Assert.Equal(PhaseRunner.Outcome.Finished, forced);
        Assert.Equal(folder.Path, resumed.Path);
        Assert.Contains("lr = 0.2", File.ReadAllText(resumed.File(RunFolder.ConfigFile)));
    }

    private static string Json(RunFolder f, string key) =>
        JsonDocument.Parse(File.ReadAllText(f.File("architecture.json"))).RootElement.GetProperty(key).GetString()!;

    private static List<double> Losses(RunFolder f) =>
        MetricsWriter.Read(f.File("metrics.jsonl"), "step").Select(e => e.GetProperty("loss").GetDouble()).ToList();
}
