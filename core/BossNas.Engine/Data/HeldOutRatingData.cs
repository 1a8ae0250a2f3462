using BossNas.Core.Data;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Engine.Data.Augment;
using static TorchSharp.torch;

namespace BossNas.Engine.Data;

/// <summary>
/// The fixed rating data of a run: the validation images' view pairs, augmented once with a fixed seed and
/// cached (every candidate sees identical views, as BossNAS's cached rating set), the plain validation
/// batches, and calibration batches from the training split for BN recalibration.
/// </summary>
internal sealed class HeldOutRatingData : IRatingData, IDisposable
{
    private readonly List<ViewPair> _views = new();
    private readonly List<(Tensor Images, Tensor Labels)> _labelled = new();
    private readonly List<Tensor> _calibration = new();
    private readonly List<Tensor> _calibrationSecond = new();

    /// <summary>Builds the rating data.</summary>
    /// <param name="data">The dataset splits.</param>
    /// <param name="views">The augmentation pipelines.</param>
    /// <param name="pipeline">Pipeline of the cached view pairs (the training stages' pipeline).</param>
    /// <param name="batchSize">Images per rating batch.</param>
    /// <param name="maxImages">Validation images used (0 = all).</param>
    /// <param name="calibrationBatches">Training batches for BN recalibration.</param>
    /// <param name="seed">Seeds the views and the calibration sample.</param>
    /// <param name="device">Where the tensors live.</param>
    /// <param name="firstImage">The first validation image used (a second rating pass starts after the first's images).</param>
    public HeldOutRatingData(DatasetSplits data, ViewPipelines views, string pipeline, int batchSize, int maxImages,
        int calibrationBatches, long seed, Device device, int firstImage = 0)
    {
        var rng = new SeededRandom((ulong)seed ^ 0x5eed0fa7UL);
        if (firstImage < 0 || firstImage >= data.Val.Count)
            throw new ArgumentOutOfRangeException(nameof(firstImage), $"the validation split has {data.Val.Count} images, not {firstImage + 1}");
        int n = maxImages > 0 ? Math.Min(maxImages, data.Val.Count - firstImage) : data.Val.Count - firstImage;
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            using var scope = NewDisposeScope();
            var idx = Enumerable.Range(firstImage + start, count).Select(i => (long)i).ToArray();
            var (images, labels) = data.Val.Gather(idx);
            var pair = views.Pair(images, pipeline, rng);
            _views.Add(new ViewPair(pair.View1.to(device).DetachFromDisposeScope(), pair.View2.to(device).DetachFromDisposeScope()));
            _labelled.Add((views.Eval(images).to(device).DetachFromDisposeScope(), labels.to(device).DetachFromDisposeScope()));
        }
        var order = rng.Permutation(data.Train.Count);
        for (int b = 0; b < calibrationBatches && (b + 1) * batchSize <= data.Train.Count; b++)
        {
            using var scope = NewDisposeScope();
            var idx = order.Skip(b * batchSize).Take(batchSize).Select(i => (long)i).ToArray();
            var (images, _) = data.Train.Gather(idx);
            _calibration.Add(views.View(images, pipeline, false, rng).to(device).DetachFromDisposeScope());
        }
        // Second views from a stream of their own, so the first views stay what they were.
        var second = new SeededRandom((ulong)seed ^ 0x5eed0fa8UL);
        for (int b = 0; b < _calibration.Count; b++)
        {
            using var scope = NewDisposeScope();
            var idx = order.Skip(b * batchSize).Take(batchSize).Select(i => (long)i).ToArray();
            var (images, _) = data.Train.Gather(idx);
            _calibrationSecond.Add(views.View(images, pipeline, true, second).to(device).DetachFromDisposeScope());
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ViewPair> ViewBatches => _views;

    /// <inheritdoc />
    public IReadOnlyList<(Tensor Images, Tensor Labels)> LabelledBatches => _labelled;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> CalibrationBatches => _calibration;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> CalibrationSecondViews => _calibrationSecond;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var v in _views) v.Dispose();
        foreach (var (i, l) in _labelled)
        {
            i.Dispose();
            l.Dispose();
        }
        foreach (var c in _calibration.Concat(_calibrationSecond)) c.Dispose();
    }
}
