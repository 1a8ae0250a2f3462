namespace BossNas.Core.Spaces;

/// <summary>One block of a search space: its layers and the choices of each layer.</summary>
/// <param name="Index">Block index, from 0.</param>
/// <param name="ChoiceNames">Per layer, the names of its candidate ops (index = op index).</param>
public sealed record BlockInfo(int Index, IReadOnlyList<IReadOnlyList<string>> ChoiceNames)
{
    /// <summary>Number of layers in the block.</summary>
    public int Layers => ChoiceNames.Count;
}
