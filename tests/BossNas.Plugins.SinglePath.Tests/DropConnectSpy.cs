using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath.Tests;

/// <summary>
/// A supernet around a real one with drop-connect (<see cref="IStochasticDepth"/>) that records, for every block it runs,
/// the drop-connect rate in force and the path: what a strategy set for which child.
/// </summary>
internal sealed class DropConnectSpy : Supernet, IStochasticDepth
{
    private readonly Supernet inner;

    public DropConnectSpy(Supernet inner) : base(nameof(DropConnectSpy))
    {
        this.inner = inner;
        register_module("inner", inner);
    }

    /// <summary>(block, path, rate) of every block run, in order.</summary>
    public List<(int Block, BlockPath Path, double Rate)> Calls { get; } = new();

    public double DropConnectRate
    {
        get => ((IStochasticDepth)inner).DropConnectRate;
        set => ((IStochasticDepth)inner).DropConnectRate = value;
    }

    public override int BlockCount => inner.BlockCount;

    public override Tensor ForwardStem(Tensor images) => inner.ForwardStem(images);

    public override Tensor ForwardBlock(int block, Tensor x, Architecture prefix, BlockPath path)
    {
        Calls.Add((block, path, DropConnectRate));
        return inner.ForwardBlock(block, x, prefix, path);
    }

    public override FeatureShape BlockOutput(int block, Architecture prefix, BlockPath path) => inner.BlockOutput(block, prefix, path);

    public override IReadOnlyList<FeatureShape> PossibleBlockOutputs(int block) => inner.PossibleBlockOutputs(block);

    public override IEnumerable<nn.Module> BlockModules(int block) => inner.BlockModules(block);

    public override IEnumerable<nn.Module> StemModules() => inner.StemModules();

    public override nn.Module? CandidateOp(int block, int layer, int op) => inner.CandidateOp(block, layer, op);
}
