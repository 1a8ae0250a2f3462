using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv.Ops;

/// <summary>
/// A supernet layer: the four candidate branches and ONE residual module shared by all of them (in BossNAS the list
/// of candidates repeats the same shortcut object, so its weights are trained by every path through the layer).
/// </summary>
internal sealed class MixedMBLayer : nn.Module
{
    private readonly ModuleList<InvertedResidualBranch> ops;
    private readonly nn.Module<Tensor, Tensor> shortcut;

    public MixedMBLayer(int inChannels, int outChannels, int stride, double seRatio) : base(nameof(MixedMBLayer))
    {
        ops = new ModuleList<InvertedResidualBranch>();
        foreach (var c in MBConvOp.Candidates) ops.Add(new InvertedResidualBranch(inChannels, outChannels, c, stride, seRatio));
        shortcut = Shortcut.Create(inChannels, outChannels, stride);
        RegisterComponents();
    }

    public InvertedResidualBranch Op(int index) => ops[index];

    public nn.Module<Tensor, Tensor> ShortcutModule => shortcut;

    public Tensor Forward(Tensor x, int op)
    {
        using var scope = NewDisposeScope();
        return (ops[op].call(x) + shortcut.call(x)).MoveToOuterDisposeScope();
    }
}
