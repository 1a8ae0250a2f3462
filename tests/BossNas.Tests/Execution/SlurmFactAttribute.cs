using BossNas.Engine.Execution;

namespace BossNas.Tests.Execution;

/// <summary>
/// A test that needs a Slurm cluster (scripts/slurm-one-node.sh starts one; CI does): skipped, with the reason, where no
/// controller answers.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCli.Unavailable() is { } why) Skip = $"{why}; start one with scripts/slurm-one-node.sh";
    }
}
