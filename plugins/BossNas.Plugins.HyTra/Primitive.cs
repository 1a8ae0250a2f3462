namespace BossNas.Plugins.HyTra;

/// <summary>The two HyTra primitives: a BoTNet-style attention block and a ResNet bottleneck.</summary>
public enum Primitive
{
    /// <summary>Residual multi-head self-attention (BoTNet block with a PEG positional conv).</summary>
    ResAtt,

    /// <summary>Residual convolution (ResNet bottleneck with a PEG depthwise conv).</summary>
    ResConv,
}
