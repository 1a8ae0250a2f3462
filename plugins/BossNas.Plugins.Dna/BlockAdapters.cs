using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna;

/// <summary>
/// The <see cref="OutputAdapter.Conv1x1"/> regressors: for every block and every width c the block can output, a 1×1
/// convolution c → the block's widest output width (the width of the space's largest architecture, DNA's usual
/// teacher). Every width goes through its own adapter, the widest too, so no width is compared with the target
/// differently from the others. Built with the supernet, before the teacher is known; <see cref="CheckTeacher"/> then
/// checks that the teacher's blocks give those widths.
/// </summary>
internal sealed class BlockAdapters : nn.Module
{
    private readonly ModuleDict<Conv2d> convs = new();
    private readonly FeatureShape[] _targets;

    public BlockAdapters(Supernet supernet) : base(nameof(BlockAdapters))
    {
        _targets = new FeatureShape[supernet.BlockCount];
        for (int b = 0; b < supernet.BlockCount; b++)
        {
            var shapes = supernet.PossibleBlockOutputs(b);
            if (shapes.Select(s => (s.Height, s.Width)).Distinct().Count() > 1)
                throw new InvalidOperationException(
                    $"dna output_adapter = \"conv1x1\" maps widths only, but block {b}'s paths give different resolutions " +
                    $"({string.Join(", ", shapes.Select(s => $"{s.Height}x{s.Width}").Distinct())})");
            var widest = shapes.MaxBy(s => s.Channels);
            _targets[b] = widest;
            foreach (var c in shapes.Select(s => s.Channels).Distinct().Order())
                convs.Add(Key(b, c), nn.Conv2d(c, widest.Channels, 1, bias: true));
        }
        RegisterComponents();
    }

    /// <summary>The parameters of block <paramref name="block"/>'s adapters (trained in that block's stage).</summary>
    public IEnumerable<Parameter> BlockParameters(int block)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"b{block}_");
        return convs.named_children().Where(c => c.name.StartsWith(prefix, StringComparison.Ordinal)).SelectMany(c => c.module.parameters());
    }

    /// <summary><paramref name="output"/> of block <paramref name="block"/> mapped to the teacher's width.</summary>
    public Tensor Adapt(int block, Tensor output)
    {
        var key = Key(block, output.shape[1]);
        if (!convs.TryGetValue(key, out var adapter))
            throw new ArgumentException($"dna: no output adapter for block {block} with {output.shape[1]} channels");
        return adapter.call(output);
    }

    /// <summary>Null when the teacher's block outputs have the shapes the adapters map to; otherwise why not.</summary>
    public string? CheckTeacher(IReadOnlyList<FeatureShape> teacherOutputs)
    {
        for (int b = 0; b < _targets.Length; b++)
            if (teacherOutputs[b] != _targets[b])
                return $"output_adapter = \"conv1x1\" maps block {b} to its widest output {_targets[b].Channels}x{_targets[b].Height}x" +
                       $"{_targets[b].Width}, but the teacher's block {b} gives {teacherOutputs[b].Channels}x{teacherOutputs[b].Height}x" +
                       $"{teacherOutputs[b].Width}: use the space's largest architecture as the teacher";
        return null;
    }

    private static string Key(int block, long channels) => string.Create(CultureInfo.InvariantCulture, $"b{block}_c{channels}");
}
