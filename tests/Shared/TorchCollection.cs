namespace BossNas.Tests.Support;

/// <summary>
/// Tests that touch libtorch's global state (seeds, thread counts) run in this collection, one at a time.
/// </summary>
[CollectionDefinition("Torch", DisableParallelization = true)]
public sealed class TorchCollection
{
}
