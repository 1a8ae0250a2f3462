using BossNas.Core.Architectures;
using BossNas.Core.Run;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Core.Evaluation;

/// <summary>Everything an evaluator may use to rate candidates.</summary>
/// <param name="Space">The search space.</param>
/// <param name="Input">The input shape networks are built for (costs depend on it).</param>
/// <param name="Strategy">The strategy whose trained modules (supernet, heads) the ratings use.</param>
/// <param name="Data">The fixed rating data.</param>
/// <param name="Run">The run context.</param>
public sealed record EvaluationContext(ISearchSpace Space, InputShape Input, ISupervisionStrategy Strategy, IRatingData Data, RunContext Run);
