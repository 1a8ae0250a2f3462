using BossNas.Core.Data;
using BossNas.Core.Context;
using static TorchSharp.torch;

namespace BossNas.Engine.Data.Augment;

/// <summary>
/// The view pipelines of a run by name (the built-in <c>supervised</c>, <c>byol</c> and <c>crop_flip</c>, plus any a
/// plugin registers), each followed by the dataset's normalisation.
/// </summary>
internal sealed class ViewPipelines
{
    private readonly Normalization _norm;
    private readonly Dictionary<string, IViewPipeline> _pipelines;

    /// <summary>Creates the pipelines with the dataset's normalisation and the plugins' extra pipelines.</summary>
    public ViewPipelines(Normalization norm, IReadOnlyDictionary<string, IViewPipeline>? extra = null)
    {
        _norm = norm;
        _pipelines = new Dictionary<string, IViewPipeline>(StringComparer.Ordinal)
        {
            [ViewPipelineNames.Supervised] = new CropFlipViews(),
            [ViewPipelineNames.CropFlip] = new CropFlipViews(),
            [ViewPipelineNames.Byol] = new ByolViews(),
        };
        foreach (var (name, p) in extra ?? new Dictionary<string, IViewPipeline>()) _pipelines.TryAdd(name, p);
    }

    /// <summary>The names of every pipeline.</summary>
    public IEnumerable<string> Names => _pipelines.Keys;

    /// <summary>Padding of the random crop (4 px at 32 px, scaled with the image).</summary>
    public static int CropPadding(long size) => Math.Max(1, (int)Math.Round(size / 8.0));

    /// <summary>Supervised training view: crop with padding, flip, normalise.</summary>
    public Tensor Supervised(Tensor x, SeededRandom rng) =>
        _norm.Apply(GeometricAugment.CropWithPaddingAndFlip(x, CropPadding(x.shape[2]), rng));

    /// <summary>Evaluation view: normalise only.</summary>
    public Tensor Eval(Tensor x) => _norm.Apply(x.clone());

    /// <summary>One view of a two-view pair; <paramref name="second"/> selects the pair's second view.</summary>
    /// <exception cref="KeyNotFoundException">No pipeline of that name.</exception>
    public Tensor View(Tensor x, string pipeline, bool second, SeededRandom rng)
    {
        if (!_pipelines.TryGetValue(pipeline, out var p))
            throw new KeyNotFoundException($"no view pipeline '{pipeline}'; known: {string.Join(", ", _pipelines.Keys.Order())}");
        using var scope = NewDisposeScope();
        return _norm.Apply(p.View(x, second ? 1 : 0, rng)).MoveToOuterDisposeScope();
    }

    /// <summary>The two views of <paramref name="x"/>.</summary>
    public ViewPair Pair(Tensor x, string pipeline, SeededRandom rng) =>
        new(View(x, pipeline, false, rng), View(x, pipeline, true, rng));
}
