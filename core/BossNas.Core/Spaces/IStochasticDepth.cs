namespace BossNas.Core.Spaces;

/// <summary>
/// A supernet whose blocks can drop their residual branches at random while training (stochastic depth, EfficientNet's
/// and BigNAS's drop-connect): each sample keeps a branch with probability 1 − rate, scaled by 1 / (1 − rate), where the
/// layer has an identity shortcut. It is the hook through which a strategy turns it on for the children it trains with it
/// (in BigNAS, the largest child) and off for the others; no shipped strategy sets it yet (the elastic BigNAS will), and
/// it never acts in eval mode. The rate is 0 until a strategy sets it, and no random number is
/// drawn at 0, so a space that implements it trains exactly as before for strategies that leave it alone.
/// </summary>
public interface IStochasticDepth
{
    /// <summary>The drop-connect rate in [0, 1) used by training-mode forward passes from now on (0: off).</summary>
    double DropConnectRate { get; set; }
}
