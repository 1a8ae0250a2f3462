using BossNas.Engine.Data.Augment;
using static TorchSharp.torch;

namespace BossNas.Engine.Data;

/// <summary>
/// One split of a dataset as training, rating and evaluation read it: either all images in memory
/// (<see cref="ImageTensors"/>) or an index of files decoded on demand (<see cref="Streaming.StreamingImages"/>).
/// </summary>
internal interface IImageSource : IDisposable
{
    /// <summary>Number of images.</summary>
    int Count { get; }

    /// <summary>Class index of each image.</summary>
    long[] LabelsArray { get; }

    /// <summary>Channels of a gathered image.</summary>
    int Channels { get; }

    /// <summary>Height of a gathered image.</summary>
    int Height { get; }

    /// <summary>Width of a gathered image.</summary>
    int Width { get; }

    /// <summary>Number of classes.</summary>
    int Classes { get; }

    /// <summary>
    /// True when <see cref="GatherTraining"/> already returns augmented images (random resized crop and flip), so the
    /// supervised training view only normalises them.
    /// </summary>
    bool AugmentsTraining { get; }

    /// <summary>A stratified subset of <paramref name="count"/> images (all of them when count is 0 or larger).</summary>
    IImageSource Subset(int count, long seed);

    /// <summary>Images at <paramref name="indices"/> as float in [0,1] [N,C,H,W] (evaluation transform), and their labels.</summary>
    (Tensor Images, Tensor Labels) Gather(long[] indices);

    /// <summary>
    /// Images at <paramref name="indices"/> for a training batch; a source that augments draws each image's randomness
    /// from <paramref name="batchSeed"/> and its position in the batch only.
    /// </summary>
    (Tensor Images, Tensor Labels) GatherTraining(long[] indices, ulong batchSeed);

    /// <summary>Per-channel mean and standard deviation for normalising inputs.</summary>
    Normalization Statistics();
}
