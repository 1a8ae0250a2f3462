using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;

namespace BossNas.Tests.Support;

/// <summary>Small seeded data and trainers for engine tests.</summary>
internal static class EngineFixtures
{
    /// <summary>Synthetic 1×12×12 images of 4 learnable classes.</summary>
    public static ImageTensors Synthetic(int count = 256, ulong seed = 3) =>
        new(SyntheticImages.Generate(count, 1, 12, 4, seed));

    /// <summary>A batch pipeline over <paramref name="data"/>.</summary>
    public static BatchPipeline Pipeline(IImageSource data, int batch = 32, int prefetch = 2, long seed = 5) =>
        new(data, new ViewPipelines(data.Statistics()), seed, batch, prefetch);

    /// <summary>SGD with momentum and cosine decay over <paramref name="epochs"/> epochs.</summary>
    public static TrainSection Sgd(int epochs, double lr = 0.05, int accumulate = 1) => new()
    {
        Epochs = epochs, Optimizer = "sgd", Lr = lr, Momentum = 0.9, WeightDecay = 5e-4, Schedule = "cosine",
        WarmupEpochs = 0.5, Accumulate = accumulate,
    };
}
