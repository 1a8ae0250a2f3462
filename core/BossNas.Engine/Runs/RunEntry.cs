namespace BossNas.Engine.Runs;

/// <summary>One line of the runs index: a run folder or a comparison folder.</summary>
/// <param name="Kind"><c>run</c> or <c>comparison</c>.</param>
/// <param name="Name">The run's name (its parent folder), or the comparison folder's name.</param>
/// <param name="Path">The folder.</param>
/// <param name="Status">Where it stands; a comparison's is its arm runs' (any running, else any failed, else any unfinished).</param>
/// <param name="Started">When it started: the run folder's timestamp name, else its config's write time.</param>
/// <param name="ConfigHash">The resolved config's SHA-256 (a run; null for a comparison).</param>
/// <param name="Architecture">The found architecture (a comparison: the best arm's, prefixed with the arm), or null.</param>
/// <param name="Accuracy">Test accuracy of the found architecture, a fraction (a comparison: the best arm's mean), or null.</param>
/// <param name="Seconds">Time spent, summed over phases (a comparison: over its arm runs), or null when nothing was recorded.</param>
/// <param name="Report">The report to open (<c>report.html</c>, else <c>report.md</c>), or null.</param>
/// <param name="Comparison">For an arm run, the comparison folder it belongs to.</param>
/// <param name="Failure">For a failed run, the error it stopped on.</param>
public sealed record RunEntry(string Kind, string Name, string Path, RunStatus Status, DateTime Started, string? ConfigHash, string? Architecture,
    double? Accuracy, double? Seconds, string? Report, string? Comparison = null, string? Failure = null);
