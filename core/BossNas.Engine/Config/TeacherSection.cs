using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary>
/// <c>[teacher]</c>: the <c>teacher</c> phase (DNA and other distilling strategies). It trains the teacher network
/// supervised on the run's training data with this budget, or loads one that <c>bossnas train</c> produced.
/// </summary>
public sealed class TeacherSection : OptimSection
{
    /// <summary>The teacher's architecture: empty for the space's largest, else an encoding or a named architecture.</summary>
    [Help("teacher architecture of the search space: \"\" = its largest (most MAdds), or an encoding / named architecture")]
    public string Architecture { get; set; } = "";

    /// <summary>A <c>bossnas train</c> run folder whose trained network is the teacher; empty trains one here.</summary>
    [Help("run folder of a finished `bossnas train`, or a PyTorch state dict (.safetensors, .pth, .pt), whose network becomes the " +
          "teacher (\"\" = train the teacher in this run)")]
    public string From { get; set; } = "";

    /// <summary>Prefix renames from a PyTorch file's tensor names to the network's (<see cref="Import.NameMap"/>).</summary>
    [Help("renames of a PyTorch file's tensor prefixes to the network's, e.g. { \"module.\" = \"\" }; the longest matching prefix wins")]
    public Dictionary<string, string> Rename { get; set; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override IEnumerable<(string Key, string Message)> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Rename.ContainsKey("")) yield return ("rename", "a rename rule needs a prefix to replace (\"\" = ... renames nothing)");
        if (Rename.Count > 0 && !Import.StateDictFile.IsWeightsFile(From))
            yield return ("rename", "renames apply to a PyTorch weights file in [teacher] from (.safetensors, .pth, .pt)");
    }
}
