namespace BossNas.Core.Supervision;

/// <summary>
/// One stage of supernet training: block-wise methods train one block per stage, the others the whole
/// supernet in a single stage. The optimiser and LR schedule restart at each stage.
/// </summary>
/// <param name="Index">Stage index, from 0.</param>
/// <param name="Name">Readable name, e.g. <c>block0</c>.</param>
/// <param name="Block">The block this stage trains, or null for whole-network stages.</param>
/// <param name="NeedsFixedPrefix">
/// The stage trains its block on top of the paths fixed for the blocks before it (BossNAS), so the searcher must fix
/// a path at every earlier stage end (<see cref="Searching.ISearcher.FixesBlocks"/>). DNA's blocks, fed by a teacher,
/// do not.
/// </param>
/// <param name="LrScale">
/// Multiplies the learning rate (and the final learning rate) of <c>[train]</c> for this stage (DNA trains its first
/// and last blocks at a lower rate); 1 leaves it.
/// </param>
public sealed record StageSpec(int Index, string Name, int? Block, bool NeedsFixedPrefix = false, double LrScale = 1.0);
