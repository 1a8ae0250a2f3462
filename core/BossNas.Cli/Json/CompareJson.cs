using System.Text.Json;

namespace BossNas.Cli.Json;

/// <summary><c>bossnas compare --report --json</c>: the comparison table from the arm runs finished so far.</summary>
/// <param name="Folder">The comparison's folder.</param>
/// <param name="Report">Its <c>report.md</c>, or null when no arm run has finished (no report is written then).</param>
/// <param name="Finished">Arm runs finished.</param>
/// <param name="Planned">Arm runs the comparison plans.</param>
/// <param name="Arms">One row per arm (means over its seeds), the rows of the report's table, as <c>table.json</c> holds them.</param>
internal sealed record CompareJson(string Folder, string? Report, int Finished, int Planned, JsonElement Arms);
