using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>The modules a single-path strategy trains and checkpoints: the supernet and its path classifier.</summary>
internal sealed class SinglePathModules : nn.Module
{
    private readonly Supernet supernet;
    private readonly PathClassifier classifier;

    public SinglePathModules(Supernet supernet, PathClassifier classifier) : base("single_path")
    {
        this.supernet = supernet;
        this.classifier = classifier;
        RegisterComponents();
    }

    public Supernet Supernet => supernet;

    public PathClassifier Classifier => classifier;
}
