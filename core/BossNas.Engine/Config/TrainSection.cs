using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary><c>[train]</c>: supernet training settings (the loop the engine runs for every strategy).</summary>
public sealed class TrainSection : OptimSection
{
}
