namespace BossNas.Core.Architectures;

/// <summary>
/// Analytic cost of a network, counted as the papers count it: multiply-adds of convolutions and linear layers
/// (plus attention's matrix products), and the number of parameters.
/// </summary>
/// <param name="MAdds">Multiply-accumulate operations for one image.</param>
/// <param name="Params">Number of parameters.</param>
public readonly record struct Cost(double MAdds, long Params)
{
    /// <summary>Sum of two costs.</summary>
    public static Cost operator +(Cost a, Cost b) => new(a.MAdds + b.MAdds, a.Params + b.Params);

    /// <summary>Readable form, e.g. <c>3.442B MAdds, 37.21M params</c>.</summary>
    public override string ToString() => $"{Human(MAdds)} MAdds, {Human(Params)} params";

    /// <summary>Formats a count with a K/M/B suffix.</summary>
    public static string Human(double v) => v switch
    {
        >= 1e9 => $"{v / 1e9:F3}B",
        >= 1e6 => $"{v / 1e6:F2}M",
        >= 1e3 => $"{v / 1e3:F1}K",
        _ => $"{v:F0}",
    };
}
