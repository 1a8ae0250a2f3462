using BossNas.Engine.Runs;

namespace BossNas.Cli.Json;

/// <summary><c>bossnas runs --json</c>: the runs and comparisons under a root, newest first.</summary>
/// <param name="Root">The folder listed.</param>
/// <param name="Index">The <c>index.html</c> written there, or null when the folder could not take it (read-only).</param>
/// <param name="Runs">The runs and comparisons (status as <c>running</c>, <c>interrupted</c>, <c>finished</c> or <c>failed</c>).</param>
internal sealed record RunsJson(string Root, string? Index, IReadOnlyList<RunEntry> Runs);
