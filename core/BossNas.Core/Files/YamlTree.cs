using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using ScalarEvent = YamlDotNet.Core.Events.Scalar;

namespace BossNas.Core.Files;

/// <summary>
/// A YAML document read with YamlDotNet's parser into plain nodes that keep every key (a repeated key is the caller's
/// to report) and the line each node starts on. Block and flow styles read alike; anchors and aliases are refused
/// (published tables have none).
/// </summary>
internal abstract record YamlTree(int Line)
{
    /// <summary>A scalar: its text and whether it was quoted (a quoted scalar is a string, never a number).</summary>
    internal sealed record Scalar(int Line, string Text, bool Quoted) : YamlTree(Line);

    /// <summary>A sequence, with its tag (e.g. <c>tag:yaml.org,2002:python/tuple</c>; empty when none).</summary>
    internal sealed record Sequence(int Line, string Tag, IReadOnlyList<YamlTree> Items) : YamlTree(Line);

    /// <summary>A mapping, its pairs in file order.</summary>
    internal sealed record Mapping(int Line, IReadOnlyList<(YamlTree Key, YamlTree Value)> Pairs) : YamlTree(Line);

    /// <summary>The first document of <paramref name="file"/>, or null when the file holds none.</summary>
    /// <exception cref="FormatException">The file is not YAML, or uses an alias; the message names file and line.</exception>
    public static YamlTree? Load(string file)
    {
        using var reader = File.OpenText(file);
        var parser = new Parser(reader);
        int last = 1;
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            return Node(parser, file, ref last);
        }
        catch (YamlException e)
        {
            throw new FormatException($"{file}, line {e.Start.Line}: not valid YAML: {Reason(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails so on some broken flow collections; the last node read tells where.
            throw new FormatException($"{file}, after line {last}: not valid YAML ({e.Message})", e);
        }
    }

    private static YamlTree Node(IParser parser, string file, ref int last)
    {
        if (parser.Current is { } current) last = LineOf(current);
        if (parser.TryConsume<ScalarEvent>(out var scalar))
            return new Scalar(LineOf(scalar), scalar.Value, scalar.Style is not ScalarStyle.Plain);
        if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            var items = new List<YamlTree>();
            while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(Node(parser, file, ref last));
            return new Sequence(LineOf(sequence), sequence.Tag.IsEmpty ? "" : sequence.Tag.Value, items);
        }
        if (parser.TryConsume<MappingStart>(out var mapping))
        {
            var pairs = new List<(YamlTree, YamlTree)>();
            while (!parser.TryConsume<MappingEnd>(out _)) pairs.Add((Node(parser, file, ref last), Node(parser, file, ref last)));
            return new Mapping(LineOf(mapping), pairs);
        }
        var other = parser.Current!;
        throw new FormatException($"{file}, line {other.Start.Line}: {(other is AnchorAlias ? "an alias (*name)" : other.GetType().Name)} is not read here");
    }

    private static int LineOf(ParsingEvent e) => (int)e.Start.Line;

    // YamlDotNet's message starts with the positions "(Line: 3, Col: 5, Idx: 20) - (...): "; the line is given already.
    private static string Reason(YamlException e)
    {
        int at = e.Message.IndexOf("): ", StringComparison.Ordinal);
        return at >= 0 ? e.Message[(at + 3)..] : e.Message;
    }
}
