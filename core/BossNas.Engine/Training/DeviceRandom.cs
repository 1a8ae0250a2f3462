using BossNas.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Engine.Training;

/// <summary>
/// Makes the random numbers a step draws on a GPU independent of where the run resumed. libtorch's CPU generator is
/// saved with each checkpoint, but TorchSharp 0.107 cannot read the CUDA generators' state (there is no
/// <c>torch.cuda.get_rng_state</c>, and <c>torch.Generator</c> reaches only generators it creates). So before each
/// optimiser step the CUDA generators are seeded from (run seed, stage, step): dropout or drop-path masks drawn on the
/// GPU are then the same in a resumed run as in an uninterrupted one. On the CPU nothing is reseeded, so CPU runs draw
/// exactly what they drew before.
/// </summary>
internal sealed class DeviceRandom
{
    private readonly Action<long>? _seedDevice;
    private readonly long _seed;

    /// <summary>Creates the seeding for <paramref name="seedDevice"/> (null: nothing to seed).</summary>
    internal DeviceRandom(Action<long>? seedDevice, long seed)
    {
        _seedDevice = seedDevice;
        _seed = seed;
    }

    /// <summary>The seeding for parameters on <paramref name="device"/>: the CUDA generators, or nothing on the CPU.</summary>
    public static DeviceRandom For(Device device, long seed) =>
        new(device.type == DeviceType.CUDA ? cuda.manual_seed_all : null, seed);

    /// <summary>Seeds the device's generators for step <paramref name="step"/> of stage <paramref name="stage"/>.</summary>
    public void BeforeStep(int stage, int step) => _seedDevice?.Invoke(StepSeed(_seed, stage, step));

    /// <summary>The seed of one step: the run seed mixed with the stage and step (never negative).</summary>
    public static long StepSeed(long seed, int stage, int step) =>
        (long)(BatchPipeline.Mix(seed, stage, step, int.MinValue) >> 1);
}
