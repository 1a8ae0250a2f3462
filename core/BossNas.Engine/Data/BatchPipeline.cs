using System.Collections.Concurrent;
using BossNas.Core.Data;
using BossNas.Core.Context;
using BossNas.Engine.Data.Augment;
using static TorchSharp.torch;

namespace BossNas.Engine.Data;

/// <summary>
/// Produces the training batches of an epoch: a seeded shuffle, gathering, augmentation and the view pairs a
/// stage asks for, prepared on a background thread a few batches ahead of the trainer.
/// Every batch draws its randomness from a generator seeded by (seed, stage, epoch, batch), so the batches do
/// not depend on how far ahead the producer ran, and a resumed run sees exactly the batches of an
/// uninterrupted one.
/// </summary>
internal sealed class BatchPipeline
{
    private readonly IImageSource _data;
    private readonly ViewPipelines _views;
    private readonly long _seed;
    private readonly int _prefetch;

    /// <summary>Creates the pipeline over <paramref name="data"/>.</summary>
    public BatchPipeline(IImageSource data, ViewPipelines views, long seed, int batchSize, int prefetch)
    {
        if (data.Count < batchSize)
            throw new ArgumentException($"batch size {batchSize} exceeds the {data.Count} training images");
        _data = data;
        _views = views;
        _seed = seed;
        BatchSize = batchSize;
        _prefetch = prefetch;
    }

    /// <summary>The run seed the batches are drawn from.</summary>
    public long Seed => _seed;

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Full batches per epoch (the last partial batch is dropped, as BN needs full batches).</summary>
    public int BatchesPerEpoch => _data.Count / BatchSize;

    /// <summary>
    /// The batches of (stage, epoch) from batch <paramref name="start"/> up to <paramref name="end"/>
    /// (exclusive). The caller disposes each batch after use.
    /// </summary>
    public IEnumerable<TrainBatch> Epoch(int stage, int epoch, int start, int end, ViewRequest request,
        CancellationToken cancel = default)
    {
        var order = new SeededRandom(Mix(_seed, stage, epoch, -1)).Permutation(_data.Count);
        TrainBatch Make(int i) => MakeBatch(order, stage, epoch, i, request);
        if (_prefetch <= 0)
        {
            for (int i = start; i < end && !cancel.IsCancellationRequested; i++) yield return Make(i);
            yield break;
        }
        using var queue = new BlockingCollection<TrainBatch>(_prefetch);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var producer = Task.Factory.StartNew(() =>
        {
            // One intra-op thread here (an OpenMP setting of this thread only): a second team of OpenMP workers
            // competing with the trainer's for the same cores stalled training for seconds at a time.
            TorchSharp.torch.set_num_threads(1);
            try
            {
                for (int i = start; i < end && !stop.IsCancellationRequested; i++)
                {
                    var batch = Make(i);
                    try { queue.Add(batch, stop.Token); }
                    catch (OperationCanceledException) { batch.Dispose(); break; }
                }
            }
            finally { queue.CompleteAdding(); }
        }, TaskCreationOptions.LongRunning);
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable()) yield return batch;
            // Surfaces a producer exception as itself (a streamed image that cannot be decoded names its file).
            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) { }
            while (queue.TryTake(out var left)) left.Dispose();
        }
    }

    /// <summary>Mixes the run seed with batch coordinates into an independent generator seed.</summary>
    public static ulong Mix(long seed, int stage, int epoch, int batch)
    {
        ulong h = (ulong)seed;
        foreach (long v in new long[] { stage, epoch, batch })
            h = (h ^ (ulong)v) * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        return h;
    }

    private TrainBatch MakeBatch(int[] order, int stage, int epoch, int index, ViewRequest request)
    {
        var rng = new SeededRandom(Mix(_seed, stage, epoch, index));
        var idx = new long[BatchSize];
        for (int j = 0; j < BatchSize; j++) idx[j] = order[index * BatchSize + j];
        // Built in a scope of this thread; the results are detached and owned by the consumer.
        using var scope = NewDisposeScope();
        var (images, labels) = _data.GatherTraining(idx, Mix(_seed, stage, epoch, index));
        var pairs = new List<ViewPair>();
        for (int p = 0; p < request.Pairs; p++)
        {
            var pair = _views.Pair(images, request.Pipeline, rng);
            pairs.Add(new ViewPair(pair.View1.DetachFromDisposeScope(), pair.View2.DetachFromDisposeScope()));
        }
        // Self-supervised stages train on the pairs; their images are only normalised, as are images the source augmented.
        var main = (request.Pairs > 0 || _data.AugmentsTraining ? _views.Eval(images) : _views.Supervised(images, rng))
            .DetachFromDisposeScope();
        return new TrainBatch(main, labels.DetachFromDisposeScope(), pairs);
    }
}
