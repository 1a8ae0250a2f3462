namespace BossNas.Plugins.HyTra.Modules;

/// <summary>Builds the search op of a (level, primitive) with the branches a layer needs.</summary>
internal static class OpFactory
{
    /// <param name="layout">The space's constants.</param>
    /// <param name="op">Which op.</param>
    /// <param name="fromStem">First layer of block 0: the input comes through a stem adapter, with a quarter of
    /// the level's width (BossNAS builds these ops with <c>inc = layer_c / 4</c>).</param>
    /// <param name="hasSame">Build the same-level (or adapter) branch.</param>
    /// <param name="hasDown">Build the down-sampling branch.</param>
    public static LevelOp Create(HyTraLayout layout, HyTraOp op, bool fromStem, bool hasSame, bool hasDown)
    {
        int level = op.Level;
        int outChannels = layout.Widths[level];
        int inChannels = fromStem ? layout.Bottleneck(level) : outChannels;
        int upChannels = level + 1 < layout.Levels ? layout.Widths[level + 1] : 0;
        if (hasDown && upChannels == 0) throw new ArgumentException($"level {level} has no finer level to come from");
        return op.Primitive == Primitive.ResAtt
            ? new ResAttOp(inChannels, upChannels, outChannels, layout.Heads(level), layout.DimHead, hasSame, hasDown,
                layout.Options.Attention == "transposed")
            : new ResConvOp(inChannels, upChannels, outChannels, hasSame, hasDown);
    }

    /// <summary>The stem adapter to a level: depthwise kernel = stride = 2^(finest − level).</summary>
    public static StemAdapter Adapter(HyTraLayout layout, int level) =>
        new(layout.StemChannels, layout.Bottleneck(level), 1 << (layout.Finest - level));
}
