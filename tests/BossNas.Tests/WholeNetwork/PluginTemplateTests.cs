using System.Diagnostics;
using System.Text.Json;
using BossNas.Cli;
using BossNas.Core.Components;
using BossNas.Engine.Pipeline;
using BossNas.Engine.Plugins;
using BossNas.Tests.Support;

namespace BossNas.Tests.WholeNetwork;

/// <summary>
/// The plugin template as a plugin author uses it: copied outside the repository, built against BossNas.Core alone,
/// loaded from a plugin folder, and run through a smoke pipeline; and <c>bossnas validate</c> refusing its whole-network
/// strategy with the block-wise greedy searcher.
/// </summary>
[Collection("Torch")]
public sealed class PluginTemplateTests : IClassFixture<PluginTemplateTests.BuiltTemplate>
{
    private readonly BuiltTemplate _built;

    public PluginTemplateTests(BuiltTemplate built) => _built = built;

    /// <summary>Builds the template once for the class: a copy in a temp folder, <c>dotnet build</c>, output in a plugin root.</summary>
    public sealed class BuiltTemplate : IDisposable
    {
        private readonly TempFolder _temp = new();

        public BuiltTemplate()
        {
            var source = Path.Combine(AppContext.BaseDirectory, "templates", "BossNas.PluginTemplate");
            var project = _temp.File("MyNasPlugin");
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                // As `dotnet new bossnas-plugin -n MyNasPlugin` would: the source name becomes the project name.
                var relative = Path.GetRelativePath(source, file).Replace("BossNas.PluginTemplate", "MyNasPlugin", StringComparison.Ordinal);
                var target = Path.Combine(project, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, File.ReadAllText(file).Replace("BossNas.PluginTemplate", "MyNasPlugin", StringComparison.Ordinal));
            }
            Root = _temp.File("plugin-root");
            var output = Path.Combine(Root, "MyNasPlugin");
            // Against the BossNas.Core package packed beside the tests, restored into a folder of its own (the machine's
            // package cache may hold an older build of the same version); other packages come from the machine's cache.
            var globalPackages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var sources = $"{Path.Combine(AppContext.BaseDirectory, "packages")}%3B{Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? globalPackages}";
            var psi = new ProcessStartInfo("dotnet", $"build \"{Path.Combine(project, "MyNasPlugin.csproj")}\" -c Release -o \"{output}\" " +
                                                     $"-p:RestoreAdditionalProjectSources=\"{sources}\" -p:RestorePackagesPath=\"{_temp.File("nuget")}\" -nologo")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = project,
            };
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var p = Process.Start(psi)!;
            var log = p.StandardOutput.ReadToEndAsync();
            var err = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            BuildLog = log.Result + err.Result;
            ExitCode = p.ExitCode;
        }

        public string Root { get; }

        public string BuildLog { get; }

        public int ExitCode { get; }

        public void Dispose() => _temp.Dispose();
    }

    private const string Config = """
        [run]
        name = "template"
        seed = 2
        device = "cpu"

        [data]
        dataset = "synthetic"
        synthetic_count = 96
        synthetic_size = 16
        synthetic_classes = 4
        batch_size = 16
        rating_images = 32
        prefetch = 0

        [pipeline]
        phases = ["supernet", "search", "report"]
        cost_metrics = ["madds", "example_weight_bytes"]

        [train]
        epochs = 1
        max_batches_per_epoch = 2
        optimizer = "sgd"
        lr = 0.05

        [search_space]
        plugin = "nats"
        candidate_widths = [8, 16]

        [supervision]
        plugin = "example_single_path"

        [searcher]
        plugin = "example_evolution"
        population = 4
        generations = 2

        [evaluator]
        plugin = "example_accuracy"

        [report]
        plots = false
        """;

    [Fact]
    public void The_template_builds_against_the_BossNas_Core_package_alone_and_ships_no_host_assembly()
    {
        Assert.True(_built.ExitCode == 0, _built.BuildLog);
        var files = Directory.GetFiles(Path.Combine(_built.Root, "MyNasPlugin")).Select(Path.GetFileName).ToList();
        Assert.Contains("MyNasPlugin.dll", files);
        Assert.DoesNotContain("BossNas.Core.dll", files);
        Assert.DoesNotContain("TorchSharp.dll", files);
        Assert.DoesNotContain("NLog.dll", files);
        Assert.False(Directory.Exists(Path.Combine(_built.Root, "MyNasPlugin", "runtimes")), "native libraries were shipped with the plugin");
    }

    [Fact]
    public void The_built_template_loads_from_a_folder_and_runs_a_smoke_pipeline()
    {
        Assert.True(_built.ExitCode == 0, _built.BuildLog);
        using var host = PluginHost.Load(new[] { TestPlugins.Folder, _built.Root });
        Assert.Empty(host.Failures);
        foreach (var (kind, name) in new[] { (ComponentKind.Supervision, "example_single_path"), (ComponentKind.Evaluator, "example_accuracy"),
                     (ComponentKind.Searcher, "example_evolution"), (ComponentKind.CostMetric, "example_weight_bytes") })
            Assert.EndsWith("MyNasPlugin.dll", host.Find(kind, name)!.AssemblyPath);

        using var temp = new TempFolder();
        File.WriteAllText(temp.File("t.toml"), Config);
        var (outcome, folder) = RunLauncher.Launch(temp.File("t.toml"), new[] { $"run.output=\"{temp.File("runs")}\"" }, host,
            new RunLauncher.Options(false, false, false), CancellationToken.None);
        Assert.Equal(PhaseRunner.Outcome.Finished, outcome);
        var found = JsonDocument.Parse(File.ReadAllText(folder.File("architecture.json"))).RootElement.GetProperty("architecture").GetString();
        Assert.Contains(found!, File.ReadAllText(folder.File("ratings/architectures.csv")));
        // The plugin's cost metric is a column of the rating files.
        Assert.Equal("architecture,score,madds,example_weight_bytes", File.ReadLines(folder.File("ratings/architectures.csv")).First());
        Assert.Equal("architecture,score,madds,example_weight_bytes", File.ReadLines(folder.File("ratings/pareto.csv")).First());
    }

    [Fact]
    public void Check_plugin_runs_the_conformance_suite_on_the_built_template_and_it_passes()
    {
        Assert.True(_built.ExitCode == 0, _built.BuildLog);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = BossNasCli.Run(new[] { "check-plugin", Path.Combine(_built.Root, "MyNasPlugin") }, stdout, stderr);
        Assert.True(code == ExitCodes.Ok, stdout + "\n" + stderr);
        var text = stdout.ToString();
        Assert.Contains("Supervision example_single_path", text);
        Assert.Contains("PASS  pipeline", text);
        Assert.Matches(@"\n(\d+) passed, 0 failed, 0 skipped", text);
        // Check lines start with their status (the log may mention the oneDNN probe's rejected kernels).
        Assert.DoesNotMatch(@"(?m)^(FAIL|SKIP) ", text);
    }

    [Fact]
    public void Validate_refuses_the_greedy_searcher_with_the_whole_network_strategy_before_anything_runs()
    {
        Assert.True(_built.ExitCode == 0, _built.BuildLog);
        using var temp = new TempFolder();
        var config = Config.Replace("plugin = \"example_evolution\"\npopulation = 4\ngenerations = 2", "plugin = \"greedy_blockwise\"")
                     + $"\n\n[plugins]\npaths = [\"{_built.Root}\"]\n";
        var path = temp.File("bad.toml");
        File.WriteAllText(path, config);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = BossNasCli.Run(new[] { "validate", path }, stdout, stderr);
        Assert.Equal(ExitCodes.BadInput, code);
        int line = File.ReadAllLines(path).ToList().FindIndex(l => l.Contains("greedy_blockwise")) + 1;
        Assert.Contains($"{path}:{line}:", stderr.ToString());
        Assert.Contains("greedy_blockwise needs a block-wise strategy; example_single_path trains the whole network", stderr.ToString());
        Assert.False(Directory.Exists(temp.File("runs")));
    }
}
