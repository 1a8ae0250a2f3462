namespace BossNas.Plugins.HyTra;

/// <summary>
/// One candidate op of a layer: a primitive at a resolution level. Op indices run level by level from the coarsest,
/// attention first, so with 4 levels: 0 = ResAtt@L0, 1 = ResConv@L0, 2 = ResAtt@L1, 3 = ResConv@L1,
/// 4 = ResConv@L2, 5 = ResConv@L3, exactly BossNAS's encoding.
/// </summary>
/// <param name="Index">Op index in a path.</param>
/// <param name="Level">Resolution level, 0 = coarsest.</param>
/// <param name="Primitive">Attention or convolution.</param>
public readonly record struct HyTraOp(int Index, int Level, Primitive Primitive)
{
    /// <summary>Short name, e.g. <c>ResAtt@L0</c>.</summary>
    public string Name => $"{Primitive}@L{Level}";
}
