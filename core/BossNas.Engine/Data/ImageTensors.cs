using BossNas.Engine.Data.Augment;
using static TorchSharp.torch;

namespace BossNas.Engine.Data;

/// <summary>
/// Images kept as one uint8 tensor [N,C,H,W] (4x smaller than float) with int64 labels; batches are gathered
/// from it by index and converted to float on the fly.
/// </summary>
internal sealed class ImageTensors : IImageSource
{
    /// <summary>Wraps a raw image set as tensors.</summary>
    public ImageTensors(RawImageSet set)
    {
        Images = tensor(set.Pixels, ScalarType.Byte).reshape(set.Count, set.Channels, set.Height, set.Width)
            .DetachFromDisposeScope();
        Labels = tensor(set.Labels, ScalarType.Int64).DetachFromDisposeScope();
        Channels = set.Channels;
        Height = set.Height;
        Width = set.Width;
        Classes = set.ClassNames.Count;
        LabelsArray = set.Labels;
    }

    /// <summary>Images [N,C,H,W] uint8.</summary>
    public Tensor Images { get; }

    /// <summary>Labels [N] int64.</summary>
    public Tensor Labels { get; }

    /// <summary>Labels as a .NET array.</summary>
    public long[] LabelsArray { get; }

    /// <summary>Number of images.</summary>
    public int Count => LabelsArray.Length;

    /// <summary>Channels.</summary>
    public int Channels { get; }

    /// <summary>Height.</summary>
    public int Height { get; }

    /// <summary>Width.</summary>
    public int Width { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>A stratified subset of <paramref name="count"/> images (all of them when count is 0 or larger).</summary>
    public ImageTensors Subset(int count, long seed)
    {
        if (count <= 0 || count >= Count) return this;
        var (_, keep) = RawImageSet.StratifiedSplit(LabelsArray, (double)count / Count, (ulong)seed);
        return new ImageTensors(this, keep);
    }

    private ImageTensors(ImageTensors source, int[] keep)
    {
        using var idx = tensor(keep.Select(i => (long)i).ToArray(), ScalarType.Int64);
        Images = source.Images.index_select(0, idx).DetachFromDisposeScope();
        Labels = source.Labels.index_select(0, idx).DetachFromDisposeScope();
        LabelsArray = keep.Select(i => source.LabelsArray[i]).ToArray();
        (Channels, Height, Width, Classes) = (source.Channels, source.Height, source.Width, source.Classes);
    }

    /// <inheritdoc />
    public bool AugmentsTraining => false;

    IImageSource IImageSource.Subset(int count, long seed) => Subset(count, seed);

    /// <inheritdoc />
    public (Tensor Images, Tensor Labels) GatherTraining(long[] indices, ulong batchSeed) => Gather(indices);

    /// <inheritdoc />
    public Normalization Statistics() => Normalization.Of(Images);

    /// <summary>Images at <paramref name="indices"/> as float in [0,1], and their labels.</summary>
    public (Tensor Images, Tensor Labels) Gather(long[] indices)
    {
        using var idx = tensor(indices, ScalarType.Int64);
        return (Images.index_select(0, idx).to_type(ScalarType.Float32).div_(255f), Labels.index_select(0, idx));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
