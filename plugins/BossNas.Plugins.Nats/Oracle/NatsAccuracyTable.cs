using System.Globalization;
using BossNas.Core.Files;

namespace BossNas.Plugins.Nats.Oracle;

/// <summary>
/// Accuracies of size-space architectures read from a BossNAS-style YAML map of <c>'c1:c2:c3:c4:c5': accuracy</c>
/// (keys with 64 in them come unquoted; block or flow style, read by <see cref="YamlTables"/>). Stored densely by the
/// lexicographic index of the 5 width indices, so every architecture extending a prefix of layers lies in one
/// contiguous range.
/// </summary>
internal sealed class NatsAccuracyTable
{
    private readonly double[] _accuracy; // NaN where the file has no entry
    private readonly int _widthCount;

    private NatsAccuracyTable(string path, double[] accuracy, int count, int widthCount)
    {
        Path = path;
        _accuracy = accuracy;
        Count = count;
        _widthCount = widthCount;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Number of architectures the file lists.</summary>
    public int Count { get; }

    /// <summary>Number of architectures of the space (widths^5).</summary>
    public int SpaceSize => _accuracy.Length;

    /// <summary>Reads the file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is not a YAML mapping of numbers, or a key names a width that is not a candidate or repeats; the message gives file and line.</exception>
    public static NatsAccuracyTable Load(string path, IReadOnlyList<int> widths)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"nats_oracle: accuracy file '{path}' does not exist", path);
        int k = widths.Count;
        var accuracy = new double[(int)Math.Pow(k, NatsLayout.LayerCount)];
        Array.Fill(accuracy, double.NaN);
        var firstLine = new int[accuracy.Length];
        int count = 0;
        foreach (var (lineNo, key, acc) in YamlTables.ReadNumberMap(path))
        {
            string Where() => $"{path}:{lineNo}";
            var parts = key.Split(':');
            if (parts.Length != NatsLayout.LayerCount)
                throw new FormatException($"{Where()}: key '{key}' is not {NatsLayout.LayerCount} widths separated by ':'");
            int index = 0;
            foreach (var p in parts)
            {
                if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int w))
                    throw new FormatException($"{Where()}: '{p}' in key '{key}' is not a width");
                int choice = IndexOf(widths, w);
                if (choice < 0)
                    throw new FormatException($"{Where()}: width {w} in '{key}' is not a NATS width ({string.Join(", ", widths)})");
                index = index * k + choice;
            }
            if (!double.IsFinite(acc))
                throw new FormatException($"{Where()}: accuracy {acc} of '{key}' is not a finite number");
            if (!double.IsNaN(accuracy[index]))
                throw new FormatException($"{Where()}: '{key}' is listed twice (first at line {firstLine[index]})");
            accuracy[index] = acc;
            firstLine[index] = lineNo;
            count++;
        }
        if (count == 0) throw new FormatException($"{path}: no architectures in the file");
        return new NatsAccuracyTable(path, accuracy, count, k);
    }

    /// <summary>The first architecture of the space the file does not list, as width indices, or null.</summary>
    public int[]? FirstMissing()
    {
        int i = Array.FindIndex(_accuracy, double.IsNaN);
        return i < 0 ? null : Decode(i, NatsLayout.LayerCount);
    }

    /// <summary>
    /// Mean accuracy over the listed architectures whose first layers have width indices <paramref name="leading"/>,
    /// and how many there are.
    /// </summary>
    public (double Mean, int Count) MeanExtending(IReadOnlyList<int> leading)
    {
        int span = (int)Math.Pow(_widthCount, NatsLayout.LayerCount - leading.Count);
        int start = 0;
        foreach (var c in leading) start = start * _widthCount + c;
        start *= span;
        double sum = 0;
        int n = 0;
        for (int i = start; i < start + span; i++)
        {
            if (double.IsNaN(_accuracy[i])) continue;
            sum += _accuracy[i];
            n++;
        }
        return (n == 0 ? double.NaN : sum / n, n);
    }

    private int[] Decode(int index, int length)
    {
        var digits = new int[length];
        for (int l = length - 1; l >= 0; l--)
        {
            digits[l] = index % _widthCount;
            index /= _widthCount;
        }
        return digits;
    }

    private static int IndexOf(IReadOnlyList<int> widths, int w)
    {
        for (int i = 0; i < widths.Count; i++)
            if (widths[i] == w) return i;
        return -1;
    }
}
