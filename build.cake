// BossNas Framework build: dotnet tool restore && dotnet cake --target=<Task>
// Tasks: Clean, Restore, Build, Slurm, Chromium, Test (TRX into artifacts/test-results), Pack, Demo (the README's main job), Bench.
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var torchBackend = Argument("torch-backend", "cpu");
var solution = "./BossNas.Framework.sln";
var artifacts = Directory("./artifacts");
var msbuild = new DotNetMSBuildSettings().WithProperty("TorchBackend", torchBackend);

Task("Clean").Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(solution, new DotNetCleanSettings { Configuration = configuration, MSBuildSettings = msbuild });
});

Task("Restore").Does(() => DotNetRestore(solution, new DotNetRestoreSettings { MSBuildSettings = msbuild }));

Task("Build").IsDependentOn("Restore").Does(() => DotNetBuild(solution, new DotNetBuildSettings
{
    Configuration = configuration,
    NoRestore = true,
    MSBuildSettings = msbuild,
}));

// The Slurm executor's tests run on a real one-node cluster; this starts one on this machine (as root, idempotent).
// Starting it installs packages and writes /etc/slurm, so only root can: without root the Slurm tests are left out of
// Test with one line saying so (CI runs as root, where a cluster that does not start fails the build).
var slurmTestsSkipped = (string)null;
Task("Slurm").Does(() =>
{
    if (!IsRoot())
    {
        slurmTestsSkipped = "the one-node cluster needs root (scripts/slurm-one-node.sh installs packages and writes /etc/slurm)";
        Warning($"Slurm tests (SlurmExecutorTests) not run: {slurmTestsSkipped}");
        return;
    }
    var exit = StartProcess("bash", new ProcessSettings { Arguments = "scripts/slurm-one-node.sh" });
    if (exit != 0) throw new Exception("scripts/slurm-one-node.sh failed: the Slurm executor's tests need a one-node cluster (run as root)");
});

// The report tests open report.html in headless Chromium (ReportInBrowserTests). .ci/run installs it as root; without
// root and without a Chromium those tests are left out of Test with a warning, as the Slurm tests are.
var browserTestsSkipped = (string)null;
Task("Chromium").Does(() =>
{
    var found = !string.IsNullOrEmpty(EnvironmentVariable("BOSSNAS_CHROMIUM"))
        || new[] { "chromium", "chromium-browser", "google-chrome" }.Any(name =>
            StartProcess("sh", new ProcessSettings { Arguments = $"-c \"command -v {name}\"", RedirectStandardOutput = true }) == 0);
    if (found || IsRoot()) return; // as root a missing browser fails the tests loudly (CI installs it)
    browserTestsSkipped = "no Chromium (apt-get install -y chromium, as root)";
    Warning($"Report tests in the browser (ReportInBrowserTests) not run: {browserTestsSkipped}");
});

bool IsRoot()
{
    if (!IsRunningOnLinux()) return false;
    StartProcess("id", new ProcessSettings { Arguments = "-u", RedirectStandardOutput = true }, out var lines);
    return lines.FirstOrDefault()?.Trim() == "0";
}

// One test project after another (two libtorch processes on two cores slow each other down many times over), a TRX each.
Task("Test").IsDependentOn("Build").IsDependentOn("Slurm").IsDependentOn("Chromium").Does(() =>
{
    var filters = new List<string>();
    if (slurmTestsSkipped is not null) filters.Add("FullyQualifiedName!~SlurmExecutorTests");
    if (browserTestsSkipped is not null) filters.Add("FullyQualifiedName!~ReportInBrowserTests");
    CleanDirectory(artifacts + Directory("test-results"));
    var failed = new List<string>();
    foreach (var project in GetFiles("./tests/*/*.Tests.csproj").OrderBy(p => p.FullPath))
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                Loggers = { "console;verbosity=normal", $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx" },
                ResultsDirectory = artifacts + Directory("test-results"),
                Filter = filters.Count == 0 ? null : string.Join("&", filters),
            });
        }
        catch (Exception e)
        {
            Error($"{project.GetFilenameWithoutExtension()}: {e.Message}");
            failed.Add(project.GetFilenameWithoutExtension().ToString());
        }
    }
    if (slurmTestsSkipped is not null) Warning($"Not run: the Slurm executor's tests (SlurmExecutorTests): {slurmTestsSkipped}.");
    if (browserTestsSkipped is not null) Warning($"Not run: the report tests in the browser (ReportInBrowserTests): {browserTestsSkipped}.");
    if (failed.Count > 0) throw new Exception($"tests failed in {string.Join(", ", failed)}");
});

// The packages: BossNas.Cli (the `bossnas` .NET tool, with its plugins and libtorch) and BossNas.Core (what a
// plugin author references). Install the tool: dotnet tool install --global --add-source artifacts/packages BossNas.Cli
Task("Pack").IsDependentOn("Build").Does(() =>
{
    CleanDirectory(artifacts + Directory("packages"));
    foreach (var project in new[] { "./core/BossNas.Core/BossNas.Core.csproj", "./core/BossNas.Cli/BossNas.Cli.csproj" })
        DotNetPack(project, new DotNetPackSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            MSBuildSettings = msbuild,
            OutputDirectory = artifacts + Directory("packages"),
        });
});

// The README's main job: BossNAS on HyTra with Fashion-MNIST.
Task("Demo").IsDependentOn("Build").Does(() => DotNetRun("./core/BossNas.Cli/BossNas.Cli.csproj",
    new ProcessArgumentBuilder().Append("run").Append("configs/hytra_boss.toml"),
    new DotNetRunSettings { Configuration = configuration, NoBuild = true, NoRestore = true }));

// Training-step throughput of this engine vs PyTorch on the same machine; prints engine/pytorch last.
Task("Bench").IsDependentOn("Build").Does(() =>
{
    var exit = StartProcess("bash", new ProcessSettings { Arguments = $"bench/run.sh {configuration}" });
    if (exit != 0) throw new Exception($"bench/run.sh failed with exit code {exit}");
});

Task("Default").IsDependentOn("Test");
RunTarget(target);
