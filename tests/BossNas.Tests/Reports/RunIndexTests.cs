using BossNas.Engine.Checkpoints;
using BossNas.Engine.Reports;
using BossNas.Engine.Runs;

namespace BossNas.Tests.Reports;

/// <summary>
/// <c>bossnas runs</c>' index, read from the run folders: a finished, an interrupted, a running (lock held) and a failed
/// run are told apart, a folder copied elsewhere is listed as it was, and <c>index.html</c> links every report.
/// </summary>
public sealed class RunIndexTests
{
    private static RunFolder MakeRun(string root, string name, string stamp, string? architecture = null, double? accuracy = null)
    {
        var folder = RunFolder.CreateAt(Path.Combine(root, name, stamp), "[run]\n", new string('a', 63) + name.Length);
        var state = new RunState { Architecture = architecture, Seconds = { ["supernet"] = 30, ["retrain"] = 12.5 } };
        if (accuracy is { } a) state.Results.Retrain = a;
        File.WriteAllText(folder.File("state.json"), state.ToJson());
        return folder;
    }

    [Fact]
    public void Finished_interrupted_running_and_failed_runs_are_told_apart_newest_first()
    {
        using var temp = new TempFolder();
        var finished = MakeRun(temp.Path, "done-run", "20250101-120000", "11|01|0", 0.8125);
        finished.MarkDone();
        File.WriteAllText(finished.File("report.md"), "# r\n");
        HtmlReport.WriteBeside(finished.File("report.md"));
        MakeRun(temp.Path, "stopped-run", "20250102-120000");
        var running = MakeRun(temp.Path, "live-run", "20250103-120000");
        var failed = MakeRun(temp.Path, "broken-run", "20250104-120000");
        failed.MarkFailed(new InvalidOperationException("loss is NaN"));

        using (RunFolderLock.Acquire(running))
        {
            var entries = RunIndex.Scan(temp.Path);

            Assert.Equal(["broken-run", "live-run", "stopped-run", "done-run"], entries.Select(e => e.Name));
            Assert.Equal([RunStatus.Failed, RunStatus.Running, RunStatus.Interrupted, RunStatus.Finished], entries.Select(e => e.Status));
            Assert.Contains("InvalidOperationException: loss is NaN", entries[0].Failure);
            var done = entries[3];
            Assert.Equal(("11|01|0", 0.8125, 42.5), (done.Architecture, done.Accuracy, done.Seconds));
            Assert.Equal(finished.ConfigHash, done.ConfigHash);
            Assert.Equal(finished.File("report.html"), done.Report);
        }
        // The lock goes with its holder: the same folder is interrupted now.
        Assert.Equal(RunStatus.Interrupted, RunIndex.Scan(temp.Path).Single(e => e.Name == "live-run").Status);
    }

    [Fact]
    public void A_resumed_run_is_no_longer_failed()
    {
        using var temp = new TempFolder();
        var run = MakeRun(temp.Path, "again", "20250101-120000");
        run.MarkFailed(new IOException("disk full"));
        Assert.Equal(RunStatus.Failed, RunIndex.Scan(temp.Path).Single().Status);
        run.ClearFailed();
        Assert.Equal(RunStatus.Interrupted, RunIndex.Scan(temp.Path).Single().Status);
    }

    [Fact]
    public void A_run_folder_copied_elsewhere_is_listed_as_it_was_and_the_index_links_its_report()
    {
        using var temp = new TempFolder();
        var original = MakeRun(temp.File("made"), "copied-run", "20250105-093000", "0|1", 0.5);
        original.MarkDone();
        File.WriteAllText(original.File("report.md"), "# r\n");
        HtmlReport.WriteBeside(original.File("report.md"));
        var copy = temp.File("elsewhere/archive/copied-run/20250105-093000");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(original.Path)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        // A copy gets new file times; the folder's name still says when the run started.
        File.SetLastWriteTime(Path.Combine(copy, RunFolder.ConfigFile), DateTime.Now);

        var entries = RunIndex.Scan(temp.File("elsewhere"));

        var entry = Assert.Single(entries);
        Assert.Equal(("copied-run", RunStatus.Finished, "0|1", new DateTime(2025, 1, 5, 9, 30, 0)),
            (entry.Name, entry.Status, entry.Architecture, entry.Started));
        var html = File.ReadAllText(IndexPage.Write(temp.File("elsewhere"), entries));
        Assert.Contains("href=\"archive/copied-run/20250105-093000/report.html\"", html);
        Assert.Contains("finished", html);
    }

    [Fact]
    public void A_comparison_is_listed_with_its_best_arm_and_its_arm_runs()
    {
        using var temp = new TempFolder();
        var compare = temp.File("smoke-compare");
        var arm = MakeRun(Path.Combine(compare, "runs"), "spos-seed0", "20250106-100000", "01|10", 0.7);
        arm.MarkDone();
        File.WriteAllText(Path.Combine(compare, "report.md"), "# Comparison\n");
        File.WriteAllText(Path.Combine(compare, "results.csv"), "arm\n");
        File.WriteAllText(Path.Combine(compare, "table.json"),
            """{"arms": [{"arm": "spos", "architectures": "01|10", "accuracy_mean": 70.0}, {"arm": "dna", "architectures": "00|00", "accuracy_mean": null}]}""");

        var entries = RunIndex.Scan(temp.Path);

        var comparison = Assert.Single(entries, e => e.Kind == "comparison");
        Assert.Equal(("smoke-compare", RunStatus.Finished, "spos: 01|10", 0.7), (comparison.Name, comparison.Status, comparison.Architecture, comparison.Accuracy));
        Assert.Equal("smoke-compare", Assert.Single(entries, e => e.Kind == "run").Comparison);
    }
}
