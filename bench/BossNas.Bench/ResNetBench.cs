using static TorchSharp.torch;

namespace BossNas.Bench;

/// <summary>
/// The benchmark network, defined identically in <c>bench/pytorch_bench.py</c>: a CIFAR ResNet with a 3x3 stem
/// and three stages of two basic blocks (32, 64, 128 channels).
/// </summary>
internal static class ResNetBench
{
    public static nn.Module<Tensor, Tensor> Create(int classes = 10)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("stem", nn.Sequential(nn.Conv2d(3, 32, 3, padding: 1, bias: false), nn.BatchNorm2d(32), nn.ReLU())),
        };
        int cin = 32;
        foreach (var (cout, stage) in new[] { (32, 0), (64, 1), (128, 2) })
        {
            for (int i = 0; i < 2; i++)
            {
                int stride = i == 0 && stage > 0 ? 2 : 1;
                layers.Add(($"s{stage}b{i}", new BasicBlock($"s{stage}b{i}", cin, cout, stride)));
                cin = cout;
            }
        }
        layers.Add(("pool", nn.AdaptiveAvgPool2d(1)));
        layers.Add(("flat", nn.Flatten()));
        layers.Add(("fc", nn.Linear(cin, classes)));
        return nn.Sequential(layers);
    }

    private sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> conv1, bn1, conv2, bn2;
        private readonly nn.Module<Tensor, Tensor>? shortcut;

        public BasicBlock(string name, int cin, int cout, int stride) : base(name)
        {
            conv1 = nn.Conv2d(cin, cout, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(cout);
            conv2 = nn.Conv2d(cout, cout, 3, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(cout);
            if (stride != 1 || cin != cout)
                shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride: stride, bias: false), nn.BatchNorm2d(cout));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var y = nn.functional.relu(bn1.call(conv1.call(x)));
            y = bn2.call(conv2.call(y));
            return nn.functional.relu(y.add_(shortcut is null ? x : shortcut.call(x)));
        }
    }
}
