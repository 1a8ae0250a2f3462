using BossNas.Engine.Execution;
using BossNas.Engine.Runs;
using NLog;

namespace BossNas.Engine.Pipeline.Parts;

/// <summary>Hands a run's parts to its parts executor and folds what they leave behind into the run.</summary>
internal static class PartUnits
{
    private static readonly Logger Log = LogManager.GetLogger("parts");

    /// <summary>
    /// Prepares the folders of <paramref name="parts"/> and runs the unfinished ones with <paramref name="executor"/>
    /// (each as <c>bossnas run &lt;run folder&gt; --part &lt;name&gt;</c>, or in this process).
    /// </summary>
    /// <exception cref="RunInterruptedException">Stopped by the user before every part finished.</exception>
    public static void Run(RunSession s, IReadOnlyList<RunPart> parts, IExecutor executor)
    {
        foreach (var part in parts) part.Prepare(s.Folder);
        var units = parts.Select(part => new WorkUnit(part.Name, ["run", s.Folder.Path, "--part", part.Name],
            () => part.IsDone(s.Folder),
            token => PartRunner.Run(s.Host ?? throw new InvalidOperationException("a run with parts needs its plugin host"),
                s.Folder.Path, part.Name, s.Verbose, token, s.StepObserver))).ToList();
        Log.Info("{Count} part(s) of this run: {Names}", units.Count, string.Join(", ", units.Select(u => u.Id)));
        if (!executor.Run(units, line => Log.Info("{Line}", line), s.Context.Cancel))
            throw new RunInterruptedException($"parts {string.Join(", ", units.Select(u => u.Id))}");
    }

    /// <summary>The finished part's folder and result.</summary>
    public static (RunFolder Folder, PartResult Result) Collect(RunSession s, RunPart part)
    {
        var folder = RunFolder.Open(part.FolderIn(s.Folder));
        var result = PartResult.Read(folder);
        // The part's metrics join the run's own, so curves and reports read one file.
        if (File.Exists(folder.File("metrics.jsonl")))
            foreach (var line in File.ReadLines(folder.File("metrics.jsonl")).Where(l => l.Length > 0)) s.Metrics.WriteRecord(line);
        return (folder, result);
    }
}
