namespace BossNas.Plugins.Searchers;

/// <summary>An architecture and its score.</summary>
/// <param name="Architecture">Its string form.</param>
/// <param name="Score">Its rating.</param>
public sealed record ScoredArchitecture(string Architecture, double Score);
