using BossNas.Core.Nn.Onnx;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>
/// A candidate op at one level, as in BossNAS's search: a same-level branch (input at the op's level) and, where
/// a path can arrive from the next finer level, a stride-2 <c>_d</c> branch. Which branch runs is decided by the
/// caller from the tracked level of the path, never from map sizes (BossNAS compares map sizes against
/// hard-coded 224-px sizes, which breaks at 32 px, its issue #9). A stand-alone copy builds only the branch its
/// path uses; parameter names are the same, so weights copy over by name.
/// </summary>
internal abstract class LevelOp : nn.Module
{
    protected LevelOp(string name, bool hasSame, bool hasDown) : base(name)
    {
        if (!hasSame && !hasDown) throw new ArgumentException("an op needs at least one input branch");
        HasSame = hasSame;
        HasDown = hasDown;
    }

    public bool HasSame { get; }

    public bool HasDown { get; }

    /// <summary>Runs the op; <paramref name="down"/> selects the branch for an input one level finer.</summary>
    public abstract Tensor Forward(Tensor x, bool down);

    /// <summary><see cref="Forward"/> as ONNX nodes on value <paramref name="input"/>; returns the output's name.</summary>
    public abstract string ExportOnnx(OnnxGraph graph, string input, bool down);

    protected void CheckBranch(bool down)
    {
        if (down ? !HasDown : !HasSame)
            throw new InvalidOperationException(
                $"{GetType().Name} has no {(down ? "down-sampling" : "same-level")} branch");
    }
}
