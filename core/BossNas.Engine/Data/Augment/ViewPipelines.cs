using BossNas.Core.Data;
using BossNas.Core.Run;
using static TorchSharp.torch;

namespace BossNas.Engine.Data.Augment;

/// <summary>
/// The augmentation pipelines of <see cref="ViewPipeline"/> on float batches in [0,1], ending with
/// normalisation. BYOL's two views differ in blur and solarize probabilities as in BossNAS
/// (view 1: blur 0.1, solarize 0; view 2: blur 1.0, solarize 0.2).
/// </summary>
public sealed class ViewPipelines
{
    private readonly Normalization _norm;

    /// <summary>Creates the pipelines with the dataset's normalisation.</summary>
    public ViewPipelines(Normalization norm) => _norm = norm;

    /// <summary>Padding of the random crop (4 px at 32 px, scaled with the image).</summary>
    public static int CropPadding(long size) => Math.Max(1, (int)Math.Round(size / 8.0));

    /// <summary>Supervised training view: crop with padding, flip, normalise.</summary>
    public Tensor Supervised(Tensor x, SeededRandom rng) =>
        _norm.Apply(GeometricAugment.CropWithPaddingAndFlip(x, CropPadding(x.shape[2]), rng));

    /// <summary>Evaluation view: normalise only.</summary>
    public Tensor Eval(Tensor x) => _norm.Apply(x.clone());

    /// <summary>One view of a two-view pair; <paramref name="second"/> picks BYOL's second-view probabilities.</summary>
    public Tensor View(Tensor x, ViewPipeline pipeline, bool second, SeededRandom rng)
    {
        using var scope = NewDisposeScope();
        Tensor y;
        switch (pipeline)
        {
            case ViewPipeline.Byol:
                y = GeometricAugment.ResizedCropAndFlip(x, 0.08, rng);
                y = PhotometricAugment.ColorJitter(y, 0.4, 0.4, 0.2, 0.1, 0.8, rng);
                y = PhotometricAugment.RandomGrayscale(y, 0.2, rng);
                y = PhotometricAugment.GaussianBlur(y, second ? 1.0 : 0.1, rng);
                y = PhotometricAugment.Solarize(y, second ? 0.2 : 0.0, rng);
                break;
            case ViewPipeline.CropFlip:
            case ViewPipeline.Supervised:
                y = GeometricAugment.CropWithPaddingAndFlip(x, CropPadding(x.shape[2]), rng);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pipeline));
        }
        return _norm.Apply(y).MoveToOuterDisposeScope();
    }

    /// <summary>The two views of <paramref name="x"/>.</summary>
    public ViewPair Pair(Tensor x, ViewPipeline pipeline, SeededRandom rng) =>
        new(View(x, pipeline, false, rng), View(x, pipeline, true, rng));
}
