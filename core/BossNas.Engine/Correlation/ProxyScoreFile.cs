using System.Globalization;
using System.Text;

namespace BossNas.Engine.Correlation;

/// <summary>
/// The scores a data-free evaluator gave, kept in a CSV (<c>evaluator,architecture,score,seconds</c>) as they are made,
/// so rating a whole benchmark (hours for SynFlow over NATS's 32,768) survives a stop and goes on where it stopped: a
/// score once written is never computed again. Zero-cost evaluators seed each architecture's network from the run seed
/// and the architecture alone, so scores made in pieces equal scores made in one call. The first line names what the
/// scores were made for (space, input, classes, seed); a file made for something else is refused.
/// </summary>
public sealed class ProxyScoreFile
{
    private const string Header = "evaluator,architecture,score,seconds";
    private readonly string _path;
    private readonly Dictionary<(string Evaluator, string Architecture), (double Score, double Seconds)> _scores = new();

    private ProxyScoreFile(string path) => _path = path;

    /// <summary>
    /// Opens (or creates) the file at <paramref name="path"/> for scores made for <paramref name="madeFor"/> (e.g.
    /// <c>space=nats input=3x32x32 classes=10 seed=0</c>). A last line cut short by a stop mid-write is dropped (that
    /// score is made again).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file is not a score file (its header or a whole line is wrong) or was made for something else, naming the line.
    /// </exception>
    public static ProxyScoreFile Open(string path, string madeFor)
    {
        var file = new ProxyScoreFile(path);
        string first = "# " + madeFor;
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
            File.WriteAllText(path, first + "\n" + Header + "\n");
            return file;
        }
        var text = File.ReadAllText(path);
        int whole = text.LastIndexOf('\n') + 1;
        if (whole < text.Length)
        {
            // Cut the partial last line off the file itself, so the next append starts on a line of its own.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(Encoding.UTF8.GetByteCount(text.AsSpan(0, whole)));
            text = text[..whole];
        }
        var lines = text.Split('\n');
        if (lines[0] != first) throw new InvalidDataException($"{path}:1: these scores were made for '{lines[0].TrimStart('#', ' ')}', not '{madeFor}'");
        if (lines.Length < 2 || lines[1] != Header) throw new InvalidDataException($"{path}:2: expected the header '{Header}'");
        for (int i = 2; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length != 4
                || !double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double score)
                || !double.TryParse(cells[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                throw new InvalidDataException($"{path}:{i + 1}: expected evaluator,architecture,score,seconds, found '{lines[i]}'");
            file._scores[(cells[0], cells[1])] = (score, seconds);
        }
        return file;
    }

    /// <summary>The score <paramref name="evaluator"/> gave <paramref name="architecture"/>, if kept.</summary>
    public bool TryGet(string evaluator, string architecture, out double score)
    {
        bool found = _scores.TryGetValue((evaluator, architecture), out var kept);
        score = kept.Score;
        return found;
    }

    /// <summary>Seconds spent on the kept scores of <paramref name="evaluator"/> among <paramref name="architectures"/>.</summary>
    public double Seconds(string evaluator, IEnumerable<string> architectures) =>
        architectures.Sum(a => _scores.TryGetValue((evaluator, a), out var kept) ? kept.Seconds : 0);

    /// <summary>Appends scores made together in <paramref name="seconds"/> (shared out evenly) and flushes them to disk.</summary>
    public void Append(string evaluator, IReadOnlyList<(string Architecture, double Score)> scores, double seconds)
    {
        if (evaluator.Contains(',') || scores.Any(s => s.Architecture.Contains(',') || s.Architecture.Contains('\n')))
            throw new ArgumentException("an evaluator or architecture name with a comma or newline cannot be kept in a score file");
        double each = scores.Count == 0 ? 0 : seconds / scores.Count;
        var sb = new StringBuilder();
        foreach (var (architecture, score) in scores)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{evaluator},{architecture},{score:R},{each:R}\n");
            _scores[(evaluator, architecture)] = (score, each);
        }
        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write);
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}
