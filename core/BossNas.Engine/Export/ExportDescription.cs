using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BossNas.Engine.Data;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Export;

/// <summary>
/// What an exported network says about itself, so that it can be used without this framework: its search space,
/// architecture, test accuracy, class names and the preprocessing of its input (<see cref="InputPreprocessing"/>), as
/// ONNX <c>metadata_props</c> / safetensors <c>__metadata__</c> (strings; arrays and numbers as JSON) and as a
/// <c>&lt;name&gt;.config.json</c> beside them, whose <c>pretrained_cfg</c> uses timm's field names.
/// </summary>
/// <param name="Network">The trained network's description.</param>
/// <param name="Preprocessing">Its input's preprocessing.</param>
public sealed record ExportDescription(TrainedNetwork Network, InputPreprocessing Preprocessing)
{
    /// <summary>
    /// ONNX metadata key: <c>true</c> when the model normalises its input itself (it takes pixel values / 255, in [0, 1]),
    /// <c>false</c> when it takes (x − mean) / std.
    /// </summary>
    public const string FoldedKey = "normalization_in_graph";

    /// <summary>The file name of the JSON description of network <paramref name="name"/>.</summary>
    public static string ConfigFileName(string name) => name + ".config.json";

    /// <summary>The string metadata of the safetensors file, or of the ONNX model when <paramref name="folded"/> is given.</summary>
    public Dictionary<string, string> Metadata(bool? folded = null)
    {
        var n = Network;
        var p = Preprocessing;
        var metadata = new Dictionary<string, string>
        {
            ["search_space"] = n.Space, ["architecture"] = n.Architecture,
            ["input"] = $"{n.Channels}x{n.Height}x{n.Width}", ["classes"] = Int(n.Classes),
            ["input_size"] = Json(InputSize), ["channel_order"] = p.ChannelOrder, ["interpolation"] = p.Interpolation,
            ["crop_pct"] = p.CropPct.ToString("R", CultureInfo.InvariantCulture), ["crop_mode"] = p.CropMode,
            ["mean"] = Json(p.Mean), ["std"] = Json(p.Std), ["num_classes"] = Int(n.Classes),
        };
        if (p.LabelNames is { } labels) metadata["label_names"] = Json(labels);
        if (n.TestAccuracy is { } acc) metadata["test_accuracy"] = acc.ToString("R", CultureInfo.InvariantCulture);
        if (folded is { } f) metadata[FoldedKey] = f ? "true" : "false";
        return metadata;
    }

    /// <summary>The <c>config.json</c> text of network <paramref name="name"/>; <paramref name="onnx"/> when its ONNX file was written.</summary>
    public string ConfigJson(string name, bool onnx, bool folded)
    {
        var n = Network;
        var p = Preprocessing;
        var cfg = new JsonObject
        {
            ["input_size"] = Node(InputSize), ["fixed_input_size"] = true, ["interpolation"] = p.Interpolation,
            ["crop_pct"] = p.CropPct, ["crop_mode"] = p.CropMode, ["mean"] = Node(p.Mean), ["std"] = Node(p.Std),
            ["num_classes"] = n.Classes, ["channel_order"] = p.ChannelOrder,
        };
        var root = new JsonObject
        {
            ["architecture"] = n.Architecture, ["search_space"] = n.Space, ["num_classes"] = n.Classes,
        };
        if (p.LabelNames is { } labels)
        {
            root["label_names"] = Node(labels);
            cfg["label_names"] = Node(labels);
        }
        if (n.TestAccuracy is { } acc) root["test_accuracy"] = acc;
        root["pretrained_cfg"] = cfg;
        var files = new JsonObject { ["safetensors"] = name + ".safetensors" };
        if (onnx)
        {
            files["onnx"] = name + ".onnx";
            root["onnx"] = new JsonObject
            {
                ["input"] = OnnxExporter.InputName, ["output"] = OnnxExporter.OutputName, ["layout"] = "NCHW", [FoldedKey] = folded,
            };
        }
        root["files"] = files;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private int[] InputSize => [Network.Channels, Network.Height, Network.Width];

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value)!;
}
