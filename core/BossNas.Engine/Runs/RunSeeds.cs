namespace BossNas.Engine.Runs;

/// <summary>
/// The seeds of a run's seeded concerns, by name, all derived from <c>[run] seed</c> here and nowhere else. Their
/// values are the ones earlier versions used, so results of a config and seed stay what they were.
/// </summary>
internal static class RunSeeds
{
    /// <summary>Supernet initialisation (libtorch's generator before the strategy builds its modules).</summary>
    public static long SupernetInit(long seed) => seed;

    /// <summary>Data order and augmentation of supernet training.</summary>
    public static long SupernetData(long seed) => seed;

    /// <summary>The stratified subset of training images supernet training uses.</summary>
    public static long SearchSubset(long seed) => seed + 17;

    /// <summary>The cached rating views and calibration batches.</summary>
    public static long HeldOutRatingData(long seed) => seed;

    /// <summary>The second, independent rating pass's views and calibration batches (<c>[pipeline] reliability</c>).</summary>
    public static long SecondRatingPass(long seed) => seed + 1_000_037;

    /// <summary>Initialisation of every network trained from scratch (found and controls alike).</summary>
    public static long StandaloneInit(long seed) => seed + 1;

    /// <summary>Data order and augmentation of training from scratch (found and controls alike).</summary>
    public static long StandaloneData(long seed) => seed + 7;

    /// <summary>Initialisation of the teacher network (teacher phase).</summary>
    public static long TeacherInit(long seed) => seed + 29;

    /// <summary>Data order and augmentation of teacher training.</summary>
    public static long TeacherData(long seed) => seed + 31;

    /// <summary>
    /// libtorch's generator and the named streams of independent supernet stage <paramref name="stage"/> (DNA's blocks):
    /// derived from the run seed and the stage alone, so each stage trains the same whether the stages before it ran in
    /// this process or elsewhere.
    /// </summary>
    public static long IndependentStage(long seed, int stage) => unchecked(seed * 1_000_003L + 104_729L * (stage + 1));

    /// <summary>libtorch's generator when the searcher acts after independent stage <paramref name="stage"/>.</summary>
    public static long AfterIndependentStage(long seed, int stage) => unchecked(seed * 1_000_003L - 7_919L * (stage + 1));
}
