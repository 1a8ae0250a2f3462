using BossNas.Core.Evaluation;

namespace BossNas.Plugins.ZeroCost;

/// <summary>A proxy that scores one labelled minibatch of the run's rating data.</summary>
public abstract class LabelledProxy(ProxyDataOptions options) : NetworkProxy
{
    /// <summary>The options.</summary>
    protected ProxyDataOptions Options { get; } = options;

    /// <inheritdoc />
    protected override ProxyBatch Batch(EvaluationContext context) => ProxyBatch.FromRating(context.Data, Options.Images);
}

/// <summary>A proxy that needs no data: only the input shape.</summary>
public abstract class DataFreeProxy : NetworkProxy
{
    /// <inheritdoc />
    protected override ProxyBatch Batch(EvaluationContext context) => ProxyBatch.ShapeOnly(context.Input, context.Run.Device);
}
