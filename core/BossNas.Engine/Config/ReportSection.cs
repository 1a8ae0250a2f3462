using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary><c>[report]</c>: what the report contains.</summary>
public sealed class ReportSection
{
    /// <summary>Write PNG plots.</summary>
    [Help("write PNG plots")]
    public bool Plots { get; set; } = true;

    /// <summary>Rows of the per-block rating table in report.md.</summary>
    [Help("rows of the per-block rating table")]
    [Range(1, 1000)]
    public int TopK { get; set; } = 10;

    /// <summary>Mirror metrics as TensorBoard scalars in the run folder's <c>tensorboard/</c>.</summary>
    [Help("write TensorBoard event files (losses, LR, accuracies, ratings per block, search fitness) in tensorboard/")]
    public bool Tensorboard { get; set; } = true;
}
