using System.Text.Json;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Config;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;
using BossNas.Engine.Training;
using BossNas.Tests.Support;

namespace BossNas.Plugins.Dna.Tests;

/// <summary>
/// The DNA pipeline (configs/smoke/dna.toml): teacher, block-wise distillation, rating, budgeted search, retrain and
/// control; a run interrupted inside block 2 resumes to the uninterrupted result; a teacher from <c>bossnas train</c> is
/// loaded and checked.
/// </summary>
[Collection("Torch")]
public sealed class DnaRunTests
{
    private static string Config => Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "dna.toml");

    private static (PhaseRunner.Outcome, RunFolder) Run(string output, Action<string, StepMetrics>? observer = null,
        CancellationTokenSource? cancel = null, params string[] overrides)
    {
        var options = new RunLauncher.Options(false, false, false) { StepObserver = observer };
        return RunLauncher.Launch(Config, overrides.Prepend($"run.output=\"{output}\"").ToList(), TestPlugins.Host, options,
            cancel?.Token ?? CancellationToken.None);
    }

    private static string Found(RunFolder f) =>
        JsonDocument.Parse(File.ReadAllText(f.File("architecture.json"))).RootElement.GetProperty("architecture").GetString()!;

    private static List<double> Losses(RunFolder f) =>
        MetricsWriter.Read(f.File("metrics.jsonl"), "step").Select(e => e.GetProperty("loss").GetDouble()).ToList();

    [Fact]
    public void The_smoke_run_trains_the_teacher_distils_rates_searches_under_the_cap_and_reports()
    {
        using var temp = new TempFolder();
        var (outcome, folder) = Run(temp.Path);
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        var state = RunState.FromJson(File.ReadAllText(folder.File("state.json")));
        Assert.InRange(state.Results.Teacher!.Value, 0, 1);
        Assert.True(File.Exists(folder.File("teacher.bin")));
        using var teacher = JsonDocument.Parse(File.ReadAllText(folder.File("teacher.json")));
        Assert.Equal("mbconv", teacher.RootElement.GetProperty("space").GetString());
        // The default teacher is the space's largest architecture: MB6 5x5 (op 1) everywhere.
        Assert.Equal("1|11|1|1|1", teacher.RootElement.GetProperty("architecture").GetString());
        for (int b = 0; b < 5; b++) Assert.True(File.ReadAllLines(Path.Combine(folder.Path, "ratings", $"ratings_block{b}.csv")).Length > 4);
        var top = File.ReadAllLines(folder.File("dna_top.csv"));
        Assert.Equal(Found(folder), top[1].Split(',')[1]);
        Assert.All(top.Skip(1), l => Assert.True(double.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture) <= 1.2e6));
        var report = File.ReadAllText(folder.File("report.md"));
        Assert.Contains("teacher", report);
        Assert.Contains("| random control |", report);
        // Per-block learning rates: 0.4 x 0.005 for the first and last block.
        var lrs = MetricsWriter.Read(folder.File("metrics.jsonl"), "step").Where(e => e.GetProperty("phase").GetString() == "supernet")
            .Select(e => (Task: e.GetProperty("task").GetString(), Lr: e.GetProperty("lr").GetDouble())).ToList();
        Assert.All(lrs.Where(x => x.Task is "block0" or "block4"), x => Assert.Equal(0.002, x.Lr, 9));
        Assert.All(lrs.Where(x => x.Task is "block1" or "block2" or "block3"), x => Assert.Equal(0.005, x.Lr, 9));
    }

    [Fact]
    public void A_run_interrupted_inside_block_2_resumes_to_the_uninterrupted_result()
    {
        using var straight = new TempFolder();
        var (_, a) = Run(straight.Path);

        using var interrupted = new TempFolder();
        using var stop = new CancellationTokenSource();
        // Stop after block 2's second step.
        var (first, b) = Run(interrupted.Path, (phase, m) => { if (phase == "supernet" && m.Task == "block2" && m.Step == 1) stop.Cancel(); }, stop);
        Assert.Equal(PhaseRunner.Outcome.Interrupted, first);
        var state = RunState.FromJson(File.ReadAllText(b.File("state.json")));
        Assert.Equal(("supernet", 2, 2), (state.Phase, state.Stage, state.Step));

        var (second, resumed) = Run(interrupted.Path);
        Assert.Equal(PhaseRunner.Outcome.Finished, second);
        Assert.Equal(b.Path, resumed.Path);
        Assert.Equal(Found(a), Found(resumed));
        for (int block = 0; block < 5; block++)
            Assert.Equal(File.ReadAllText(Path.Combine(a.Path, "ratings", $"ratings_block{block}.csv")),
                File.ReadAllText(Path.Combine(resumed.Path, "ratings", $"ratings_block{block}.csv")));
        Assert.Equal(File.ReadAllText(a.File("dna_top.csv")), File.ReadAllText(resumed.File("dna_top.csv")));
        Assert.Equal(Losses(a), Losses(resumed));
        var resultsA = RunState.FromJson(File.ReadAllText(a.File("state.json"))).Results;
        var resultsB = RunState.FromJson(File.ReadAllText(resumed.File("state.json"))).Results;
        Assert.Equal(JsonSerializer.Serialize(resultsA), JsonSerializer.Serialize(resultsB));
    }

    [Fact]
    public void A_teacher_trained_by_bossnas_train_is_loaded_and_one_of_other_shapes_is_refused()
    {
        using var temp = new TempFolder();
        var output = $"run.output=\"{temp.File("train")}\"";
        var (accuracy, trained) = TrainLauncher.Launch(Config, new[] { output }, "1|11|1|1|1", TestPlugins.Host, false, CancellationToken.None);
        Assert.True(File.Exists(trained.File("model.bin")));
        using (var model = JsonDocument.Parse(File.ReadAllText(trained.File("model.json"))))
            Assert.Equal("1|11|1|1|1", model.RootElement.GetProperty("architecture").GetString());

        var (outcome, folder) = Run(temp.File("runs"), null, null, $"teacher.from=\"{trained.Path}\"",
            "pipeline.phases=[\"teacher\", \"supernet\", \"search\", \"report\"]");
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        Assert.Equal(accuracy!.Value, RunState.FromJson(File.ReadAllText(folder.File("state.json"))).Results.Teacher!.Value, 9);

        var (_, other) = TrainLauncher.Launch(Config, new[] { output, "search_space.stem_channels=12" }, "1|11|1|1|1",
            TestPlugins.Host, false, CancellationToken.None);
        var e = Assert.Throws<ConfigException>(() => Run(temp.File("runs2"), null, null, $"teacher.from=\"{other.Path}\""));
        Assert.Contains("does not fit", e.Message);
        Assert.True(e.Message.Contains("shape", StringComparison.Ordinal), e.Message);

        var (_, wrongSpace) = TrainLauncher.Launch(Path.Combine(AppContext.BaseDirectory, "configs", "smoke", "nats.toml"),
            new[] { output }, "00|00|0", TestPlugins.Host, false, CancellationToken.None);
        e = Assert.Throws<ConfigException>(() => Run(temp.File("runs3"), null, null, $"teacher.from=\"{wrongSpace.Path}\""));
        Assert.Contains("search space 'nats'", e.Message);
    }

    [Fact]
    public void Validate_says_why_dna_cannot_train_nats_and_that_it_needs_the_teacher_phase()
    {
        var text = File.ReadAllText(Config);
        int from = text.IndexOf("[search_space]", StringComparison.Ordinal), to = text.IndexOf("[supervision]", StringComparison.Ordinal);
        var nats = text[..from] + "[search_space]\nplugin = \"nats\"\n\n" + text[to..];
        var e = Assert.Throws<ConfigException>(() => Check(nats));
        Assert.Contains("cannot train search_space 'nats'", e.Message);
        Assert.Contains("same shapes", e.Message);
        e = Assert.Throws<ConfigException>(() => Check(text, "pipeline.phases=[\"supernet\", \"search\", \"report\"]"));
        Assert.Contains("put 'teacher' before 'supernet'", e.Message);
    }

    private static void Check(string text, params string[] overrides) =>
        BossNas.Engine.ComponentSet.Create(RunConfig.Parse(text, "dna.toml", TestPlugins.Host, overrides), TestPlugins.Host);
}
