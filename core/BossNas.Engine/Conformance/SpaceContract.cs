using BossNas.Core.Architectures;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Engine.Conformance;

/// <summary>
/// The contract every search space meets, at 28×28×1 and 32×32×3 (timm-style: one suite over the registry): shapes,
/// validity of sampled and extreme architectures, encoding round trips, analytic cost equal to the counted cost,
/// stand-alone features equal to the supernet path after weight inheritance, and weight sharing without leaks.
/// Each check throws <see cref="ConformanceException"/> on the first breach.
/// </summary>
public static class SpaceContract
{
    /// <summary>The input shapes every space is checked at.</summary>
    public static readonly InputShape[] Inputs = [new(1, 28, 28, 10), new(3, 32, 32, 10)];

    /// <summary>The checks by name.</summary>
    public static readonly IReadOnlyList<(string Name, Action<string, ISearchSpace> Check)> All =
    [
        ("architectures are valid and round-trip", ArchitecturesAreValidAndRoundTrip),
        ("shapes and analytic cost", ShapesAndCost),
        ("its supernet's methods match the contract's signatures", SupernetMatchesContract),
        ("inheritance copies weights, and stand-alone features equal the supernet path", InheritanceMatchesSupernet),
        ("a path trains only its own candidate ops", PathTrainsOnlyItsOps),
        ("stand-alone networks export to ONNX with TorchSharp's logits", OnnxMatchesTorchSharp),
        ("its listed layers chain into the stand-alone network and hold its parameters", LayersChainIntoTheNetwork),
    ];

    /// <summary>The largest |logit difference| allowed between ONNX Runtime and TorchSharp.</summary>
    public const double OnnxTolerance = 1e-4;

    private static List<Architecture> Sampled(ISearchSpace space, int count) =>
        Enumerable.Range(0, count).Select(i => space.SampleArchitecture(new SeededRandom((ulong)(100 + i)))).ToList();

    /// <summary>Sampled, largest and smallest architectures are valid, round-trip every encoding, and cost within the extremes.</summary>
    public static void ArchitecturesAreValidAndRoundTrip(string name, ISearchSpace space)
    {
        foreach (var input in Inputs)
        {
            var archs = Sampled(space, 4).Append(space.Largest(input)).Append(space.Smallest(input)).ToList();
            foreach (var a in archs)
            {
                ConformanceException.Require(space.Validate(a) is null, $"{name}: {a} is invalid: {space.Validate(a)}");
                ConformanceException.Require(a.Equals(Architecture.Parse(a.ToString())), $"{name}: {a} does not round-trip through its text");
                ConformanceException.Require(a.Equals(Architecture.FromJson(a.ToJson())), $"{name}: {a} does not round-trip through JSON");
                ConformanceException.Require(a.Equals(space.ParseBenchmarkKey(a.ToString())), $"{name}: {a} does not round-trip as a benchmark key");
                for (int b = 0; b < a.Blocks.Count; b++)
                    ConformanceException.Require(space.CandidatePaths(b, a.Prefix(b)).Contains(a.Blocks[b]),
                        $"{name}: block {b} path {a.Blocks[b]} of {a} is not among CandidatePaths");
            }
            double smallest = space.Cost(space.Smallest(input), input).MAdds, largest = space.Cost(space.Largest(input), input).MAdds;
            foreach (var a in archs)
            {
                double madds = space.Cost(a, input).MAdds;
                ConformanceException.Require(madds >= smallest && madds <= largest, $"{name}: {a} costs {madds} MAdds, outside [{smallest}, {largest}]");
            }
            ConformanceException.Require(largest > smallest, $"{name}: largest {largest} vs smallest {smallest} MAdds");
        }
    }

    /// <summary>Stand-alone logits and supernet features have the right shapes; the analytic cost equals the counted one.</summary>
    public static void ShapesAndCost(string name, ISearchSpace space)
    {
        foreach (var input in Inputs)
        {
            manual_seed(1);
            using var supernet = space.CreateSupernet(input);
            supernet.eval();
            foreach (var a in Sampled(space, 3).Append(space.Largest(input)))
            {
                using var scope = NewDisposeScope();
                using var net = space.CreateStandalone(a, input);
                var x = randn(2, input.Channels, input.Height, input.Width);
                using (no_grad())
                {
                    var logits = net.call(x);
                    ConformanceException.Require(logits.shape.SequenceEqual(new long[] { 2, input.Classes }),
                        $"{name}: {a} gives logits of shape [{string.Join(", ", logits.shape)}], not [2, {input.Classes}]");
                    var features = supernet.ForwardFeatures(x, a);
                    var expected = supernet.BlockOutput(a.Blocks.Count - 1, a.Prefix(a.Blocks.Count - 1), a.Blocks[^1]);
                    ConformanceException.Require(features.shape.SequenceEqual(new long[] { 2, expected.Channels, expected.Height, expected.Width }),
                        $"{name}: supernet features of {a} have shape [{string.Join(", ", features.shape)}], BlockOutput says {expected}");
                    ConformanceException.Require(supernet.PossibleBlockOutputs(a.Blocks.Count - 1).Contains(expected),
                        $"{name}: {expected} is not among PossibleBlockOutputs of the last block");
                }
                var counted = ModuleCounter.Count(net, input);
                var analytic = space.Cost(a, input);
                ConformanceException.Require(counted == analytic, $"{name}: {a} analytic cost {analytic} differs from the counted {counted}");
            }
        }
    }

    /// <summary>The supernet's public methods that carry a name of <see cref="Supernet"/>'s members carry its signature too.</summary>
    public static void SupernetMatchesContract(string name, ISearchSpace space)
    {
        using var supernet = space.CreateSupernet(Inputs[0]);
        var wrong = ContractMembers.Mismatches(supernet.GetType()).ToList();
        ConformanceException.Require(wrong.Count == 0, $"{name}: {string.Join("; ", wrong)}");
    }

    /// <summary>
    /// <see cref="ISearchSpace.InheritWeights"/> copies the supernet's weights into the stand-alone network (some tensor
    /// changes), and then stand-alone features equal the supernet path's (eval mode). A network that does not implement
    /// <see cref="IStandaloneNetwork"/> has no features to compare: that half is skipped, never passed.
    /// </summary>
    public static void InheritanceMatchesSupernet(string name, ISearchSpace space)
    {
        bool compared = false;
        foreach (var input in Inputs)
        {
            manual_seed(2);
            using var supernet = space.CreateSupernet(input);
            RandomiseBatchNorms(supernet);
            using (NewDisposeScope())
            using (no_grad())
                foreach (var p in supernet.parameters()) p.add_(randn_like(p), alpha: 0.1);
            supernet.eval();
            foreach (var a in Sampled(space, 3))
            {
                using var scope = NewDisposeScope();
                using var net = space.CreateStandalone(a, input);
                var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
                space.InheritWeights(supernet, net, a);
                ConformanceException.Require(net.state_dict().Any(kv => !before.TryGetValue(kv.Key, out var old) || !kv.Value.allclose(old, rtol: 0, atol: 0)),
                    $"{name}: InheritWeights copied nothing into the stand-alone network of {a}: every parameter and buffer is as " +
                    "CreateStandalone left it");
                if (net is not IStandaloneNetwork standalone) continue;
                net.eval();
                var x = randn(2, input.Channels, input.Height, input.Width);
                using var noGrad = no_grad();
                var own = standalone.ForwardFeatures(x);
                var shared = supernet.ForwardFeatures(x, a);
                ConformanceException.Require(own.shape.SequenceEqual(shared.shape) && own.allclose(shared, rtol: 1e-4, atol: 1e-4),
                    $"{name}: stand-alone features of {a} differ from the supernet path by {(own.shape.SequenceEqual(shared.shape) ? (own - shared).abs().max().item<float>() : float.NaN)}");
                compared = true;
            }
        }
        if (!compared)
            throw new CheckSkippedException($"{name}: InheritWeights copies weights, but its stand-alone network does not implement " +
                                            "IStandaloneNetwork, so its features cannot be compared with the supernet path");
    }

    /// <summary>A backward pass through one path gives gradients to its candidate ops and to no other.</summary>
    public static void PathTrainsOnlyItsOps(string name, ISearchSpace space)
    {
        var input = Inputs[0];
        manual_seed(3);
        using var supernet = space.CreateSupernet(input);
        supernet.train();
        var a = Sampled(space, 1)[0];
        using (var scope = NewDisposeScope())
            supernet.ForwardFeatures(randn(2, input.Channels, input.Height, input.Width), a).square().mean().backward();
        for (int b = 0; b < a.Blocks.Count; b++)
            for (int l = 0; l < a.Blocks[b].Length; l++)
            {
                var chosen = supernet.CandidateOp(b, l, a.Blocks[b][l]);
                ConformanceException.Require(chosen is not null, $"{name}: CandidateOp({b}, {l}, {a.Blocks[b][l]}) is null on path {a}");
                ConformanceException.Require(chosen!.parameters().Any(p => p.grad is { } g && g.abs().sum().item<float>() > 0),
                    $"{name}: block {b} layer {l}'s chosen op got no gradient from path {a}");
                for (int o = 0; o < space.Blocks[b].ChoiceNames[l].Count; o++)
                {
                    var other = supernet.CandidateOp(b, l, o);
                    if (other is null || ReferenceEquals(other, chosen)) continue;
                    ConformanceException.Require(other.parameters().All(p => p.grad is null || p.grad.abs().sum().item<float>() == 0),
                        $"{name}: block {b} layer {l} op {o} got a gradient from path {a}");
                }
            }
        int past = space.Blocks[0].ChoiceNames[0].Count;
        try
        {
            supernet.CandidateOp(0, 0, past);
        }
        catch (ArgumentOutOfRangeException)
        {
            return; // as the contract asks
        }
        catch (Exception e)
        {
            throw new ConformanceException($"{name}: CandidateOp(0, 0, {past}), one op past the last choice, threw {e.GetType().Name} " +
                                           "instead of ArgumentOutOfRangeException", e);
        }
        throw new ConformanceException($"{name}: CandidateOp accepts an op index past the last choice ({past})");
    }

    /// <summary>
    /// The largest, smallest and sampled stand-alone networks (eval mode, BN statistics away from their defaults),
    /// exported to ONNX and run in ONNX Runtime, give TorchSharp's logits within <see cref="OnnxTolerance"/>.
    /// </summary>
    public static void OnnxMatchesTorchSharp(string name, ISearchSpace space)
    {
        foreach (var input in Inputs)
        {
            manual_seed(4);
            foreach (var a in Sampled(space, 2).Append(space.Largest(input)).Append(space.Smallest(input)))
            {
                using var scope = NewDisposeScope();
                using var net = space.CreateStandalone(a, input);
                RandomiseBatchNorms(net);
                net.eval();
                using var onnx = new Eval.OnnxClassifier(Export.OnnxExporter.ToBytes(net, input));
                var images = randn(3, input.Channels, input.Height, input.Width);
                using var noGrad = no_grad();
                var expected = net.call(images);
                var actual = onnx.Logits(images);
                double diff = expected.shape.SequenceEqual(actual.shape) ? (expected - actual).abs().max().item<float>() : double.PositiveInfinity;
                ConformanceException.Require(diff <= OnnxTolerance,
                    $"{name}: the ONNX export of {a} at {input} differs from TorchSharp's logits by {diff:G3} (allowed {OnnxTolerance})");
            }
        }
    }

    /// <summary>
    /// Where the space lists its layers (<see cref="ISearchSpace.Layers"/>, for latency tables): for the largest, smallest
    /// and sampled architectures each layer is one of <see cref="ISearchSpace.AllLayers"/>, built alone it takes its
    /// declared input and gives the next layer's (the last one the logits), and the layers' parameters add up to the
    /// analytic count. A space that lists none is a SKIP.
    /// </summary>
    public static void LayersChainIntoTheNetwork(string name, ISearchSpace space)
    {
        foreach (var input in Inputs)
        {
            var all = space.AllLayers(input)?.Select(l => l.TableKey).ToHashSet(StringComparer.Ordinal)
                      ?? throw new CheckSkippedException($"{name} lists no layers (ISearchSpace.Layers, AllLayers)");
            foreach (var a in Sampled(space, 2).Append(space.Largest(input)).Append(space.Smallest(input)))
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var layers = space.Layers(a, input) ?? throw new ConformanceException($"{name}: AllLayers lists layers but Layers({a}) gives none");
                var x = randn(2, input.Channels, input.Height, input.Width);
                long parameters = 0;
                foreach (var layer in layers)
                {
                    ConformanceException.Require(all.Contains(layer.TableKey), $"{name}: layer '{layer.TableKey}' of {a} is not in AllLayers at {input}");
                    ConformanceException.Require(x.shape.SequenceEqual(new long[] { 2, layer.Input.Channels, layer.Input.Height, layer.Input.Width }),
                        $"{name}: layer '{layer.Key}' of {a} declares input {layer.Input} but receives [{string.Join(", ", x.shape)}]");
                    using var module = layer.Create();
                    module.eval();
                    parameters += module.parameters().Sum(p => p.numel());
                    x = module.call(x);
                }
                ConformanceException.Require(x.shape.SequenceEqual(new long[] { 2, input.Classes }), $"{name}: the last layer of {a} does not give the logits");
                long analytic = space.Cost(a, input).Params;
                ConformanceException.Require(parameters == analytic, $"{name}: the layers of {a} hold {parameters} parameters, the network {analytic}");
            }
        }
    }

    /// <summary>BN affine parameters and running statistics away from their defaults, so inheritance of each shows.</summary>
    public static void RandomiseBatchNorms(nn.Module root)
    {
        using var noGrad = no_grad();
        foreach (var bn in root.modules().OfType<BatchNorm2d>())
        {
            bn.weight!.uniform_(0.5, 1.5);
            bn.bias!.normal_(0, 0.2);
            bn.running_mean!.normal_(0, 0.2);
            bn.running_var!.uniform_(0.5, 2.0);
        }
    }
}
