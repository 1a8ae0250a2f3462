using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// NASLib's <c>params</c>: the parameter count in millions. The space's analytic cost (checked against a counted network
/// by the conformance suite) stands in for NASLib's tensorwatch count; no network is built.
/// </summary>
[Component(ComponentKind.Evaluator, "params", Description = "zero-cost: parameter count (millions), higher rated better")]
public sealed class ParamsEvaluator : ZeroCostEvaluator
{
    /// <inheritdoc />
    protected override double Rate(Architecture architecture, EvaluationContext context) =>
        context.Space.Cost(architecture, context.Input).Params / 1e6;
}

/// <summary>
/// NASLib's <c>flops</c>: multiply-adds of one image in millions (tensorwatch's <c>Flops</c> counts multiply-adds), from
/// the space's analytic cost.
/// </summary>
[Component(ComponentKind.Evaluator, "flops", Description = "zero-cost: multiply-adds of one image (millions), higher rated better")]
public sealed class FlopsEvaluator : ZeroCostEvaluator
{
    /// <inheritdoc />
    protected override double Rate(Architecture architecture, EvaluationContext context) =>
        context.Space.Cost(architecture, context.Input).MAdds / 1e6;
}
