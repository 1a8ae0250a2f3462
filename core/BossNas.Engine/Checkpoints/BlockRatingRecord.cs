namespace BossNas.Engine.Checkpoints;

/// <summary>One block path's rating as the run state keeps it: made at a stage end, behind <paramref name="Prefix"/>.</summary>
/// <param name="Block">The rated block.</param>
/// <param name="Prefix">The fixed earlier blocks it was rated behind.</param>
/// <param name="Path">The block path.</param>
/// <param name="Score">Its score.</param>
internal sealed record BlockRatingRecord(int Block, string Prefix, string Path, double Score);

/// <summary>
/// How reproducible one block's ratings are: Kendall τ-b and Spearman ρ between the scores of two rating passes of the
/// same trained supernet on independent rating data (other validation images, views and calibration batches).
/// </summary>
/// <param name="Block">The rated block.</param>
/// <param name="Candidates">Paths rated in each pass.</param>
/// <param name="KendallTauB">τ-b between the passes.</param>
/// <param name="SpearmanRho">ρ between the passes.</param>
public sealed record BlockReliability(int Block, int Candidates, double KendallTauB, double SpearmanRho);
