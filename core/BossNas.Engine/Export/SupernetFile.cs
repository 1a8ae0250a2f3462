using System.Globalization;
using BossNas.Core.Architectures;
using BossNas.Engine.Config;
using Tomlyn;
using Tomlyn.Model;

namespace BossNas.Engine.Export;

/// <summary>
/// A trained supernet as <c>bossnas export --supernet</c> writes it: <see cref="FileName"/> in the run folder, the
/// supernet's tensors under its own state-dict names, and in <c>__metadata__</c> the search space's plugin and options
/// (<see cref="SpaceKey"/>, the resolved <c>[search_space]</c> section as TOML) and the input shape it was built for, so
/// a child can be rebuilt from the file alone.
/// </summary>
public static class SupernetFile
{
    /// <summary>Name of the exported supernet in the run folder.</summary>
    public const string FileName = "supernet.safetensors";

    /// <summary>Metadata key of what the file holds (<see cref="Kind"/>).</summary>
    public const string KindKey = "bossnas.kind";

    /// <summary>The value of <see cref="KindKey"/> for a supernet.</summary>
    public const string Kind = "supernet";

    /// <summary>Metadata key of the resolved <c>[search_space]</c> section (TOML, plugin and every option).</summary>
    public const string SpaceKey = "search_space_options";

    /// <summary>The resolved <c>[search_space]</c> section of <paramref name="section"/> as TOML text.</summary>
    public static string SpaceToml(ComponentSection section)
    {
        var table = new TomlTable { ["plugin"] = section.Plugin };
        foreach (var (key, value) in OptionsBinder.ToTable(section.Options)) table[key] = value;
        return TomlSerializer.Serialize(new TomlTable { ["search_space"] = table });
    }

    /// <summary>The metadata of a supernet of <paramref name="space"/> for images of <paramref name="input"/>.</summary>
    public static Dictionary<string, string> Metadata(ComponentSection space, string supervision, InputShape input) => new()
    {
        ["format"] = "pt",
        [KindKey] = Kind,
        ["search_space"] = space.Plugin,
        [SpaceKey] = SpaceToml(space),
        ["supervision"] = supervision,
        ["input_size"] = $"[{input.Channels}, {input.Height}, {input.Width}]",
        ["num_classes"] = input.Classes.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The input shape the metadata <paramref name="metadata"/> of <paramref name="path"/> records.</summary>
    /// <exception cref="InvalidDataException">It records none, or not in the written form.</exception>
    public static InputShape Input(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue("input_size", out var size) || !metadata.TryGetValue("num_classes", out var classes))
            throw new InvalidDataException($"{path}: no input_size and num_classes in its metadata");
        var dims = size.Trim('[', ']').Split(',').Select(d => int.TryParse(d.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray();
        if (dims.Length != 3 || dims.Any(d => d < 1) || !int.TryParse(classes, NumberStyles.None, CultureInfo.InvariantCulture, out var k))
            throw new InvalidDataException($"{path}: input_size {size} / num_classes {classes} are not [C, H, W] / a count");
        return new InputShape(dims[0], dims[1], dims[2], k);
    }
}
