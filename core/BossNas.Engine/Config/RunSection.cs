using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary><c>[run]</c>: what the run is called, its seed, device and threads, checkpoints.</summary>
public sealed class RunSection : IValidatableOptions
{
    /// <summary>Run name; the run folder is <c>{output}/{name}/{timestamp}</c>.</summary>
    [Help("run name: " + FolderName.Rule + "; the run folder is <output>/<name>/<timestamp>")]
    public string Name { get; set; } = "run";

    /// <summary>Seed of every random stream (sampling, data order, augmentation, initialisation).</summary>
    [Help("seed of every random stream: sampling, data order, augmentation, init")]
    [Range(0, long.MaxValue)]
    public long Seed { get; set; }

    /// <summary>auto, cpu or cuda.</summary>
    [Help("auto picks cuda when TorchSharp's CUDA backend is present, else cpu")]
    [OneOf("auto", "cpu", "cuda")]
    public string Device { get; set; } = "auto";

    /// <summary>Intra-op threads; 0 = the CPUs this process may use (affinity, cgroup quota, SLURM_CPUS_PER_TASK).</summary>
    [Help("libtorch intra-op threads; 0 = the CPUs this process may use (affinity mask, cgroup quota, SLURM_CPUS_PER_TASK), " +
          "for `bossnas run` and `train` less those other processes keep busy at the start; results are bit-identical for " +
          "the same thread count, so set it to reproduce a run exactly")]
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>Root folder of run folders, relative to the working directory.</summary>
    [Help("root folder of run folders (relative to the working directory)")]
    public string Output { get; set; } = "runs";

    /// <summary>Checkpoint every N optimiser steps (also at every stage end); 0 = only at stage ends.</summary>
    [Help("checkpoint every N optimiser steps (and at each stage end); 0 = stage ends only")]
    [Range(0, int.MaxValue)]
    public int CheckpointEvery { get; set; } = 200;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        // One rule for every name that becomes a folder: the run folder stays inside the output root, under this very name.
        if (FolderName.Problem(Name) is { } problem)
            yield return ("name", $"{problem}; the run folder is <output>/<name>/<timestamp>, use output to move it");
    }
}
