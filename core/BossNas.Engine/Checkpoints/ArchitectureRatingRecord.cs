namespace BossNas.Engine.Checkpoints;

/// <summary>One whole-architecture rating as the run state keeps it.</summary>
/// <param name="Architecture">The architecture string.</param>
/// <param name="Score">Its score.</param>
/// <param name="MAdds">Its MAdds.</param>
/// <param name="Params">Its parameters.</param>
internal sealed record ArchitectureRatingRecord(string Architecture, double Score, double MAdds, long Params);
