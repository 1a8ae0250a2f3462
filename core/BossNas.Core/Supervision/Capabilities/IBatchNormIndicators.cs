namespace BossNas.Core.Supervision.Capabilities;

/// <summary>
/// A strategy that trains the supernet's BatchNorm scales γ as indicators of how much each candidate op matters (BN-NAS:
/// only BN parameters train after a short warm-up, so γ carries the ranking). Evaluators that read γ need this; a
/// strategy that trains whole ops leaves γ meaningless as a ranking.
/// </summary>
public interface IBatchNormIndicators;
