using System.Text.Json;
using System.Text.Json.Serialization;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Checkpoints;

/// <summary>
/// The test accuracies a run has recorded, one field per network it tests: the teacher, the found architecture retrained
/// or with inherited weights, the space's largest and smallest with inherited weights, <c>bossnas train</c>'s network, and the random controls by index. Null: not tested (yet).
/// </summary>
[JsonConverter(typeof(TestResultsJson))]
internal sealed class TestResults
{
    /// <summary>The distilling strategy's teacher.</summary>
    public double? Teacher { get; set; }

    /// <summary>The found architecture, retrained from scratch.</summary>
    public double? Retrain { get; set; }

    /// <summary>The found architecture with supernet weights.</summary>
    public double? Inherit { get; set; }

    /// <summary>The space's largest architecture with supernet weights (BigNAS's MAX).</summary>
    public double? Largest { get; set; }

    /// <summary>The space's smallest architecture with supernet weights (BigNAS's MIN).</summary>
    public double? Smallest { get; set; }

    /// <summary>The one network of <c>bossnas train</c>.</summary>
    public double? Train { get; set; }

    /// <summary>The random controls, by index (null where one has no result yet).</summary>
    public List<double?> Controls { get; set; } = new();

    /// <summary>Whether any network was tested.</summary>
    public bool Any => Fields.Any(f => f.Get(this) is not null) || Controls.Any(c => c is not null);

    /// <summary>Control <paramref name="index"/>'s accuracy, or null.</summary>
    public double? Control(int index) => index < Controls.Count ? Controls[index] : null;

    /// <summary>Records control <paramref name="index"/>'s accuracy.</summary>
    public void SetControl(int index, double accuracy)
    {
        while (Controls.Count <= index) Controls.Add(null);
        Controls[index] = accuracy;
    }

    /// <summary>The single-network fields by the task name their network trains under, in the order they are written.</summary>
    internal static readonly IReadOnlyList<(string Task, Func<TestResults, double?> Get, Action<TestResults, double> Set)> Fields =
    [
        (PhaseNames.Teacher, r => r.Teacher, (r, v) => r.Teacher = v),
        (PhaseNames.Retrain, r => r.Retrain, (r, v) => r.Retrain = v),
        (PhaseNames.Inherit, r => r.Inherit, (r, v) => r.Inherit = v),
        (PhaseNames.Largest, r => r.Largest, (r, v) => r.Largest = v),
        (PhaseNames.Smallest, r => r.Smallest, (r, v) => r.Smallest = v),
        (PhaseNames.Train, r => r.Train, (r, v) => r.Train = v),
    ];

    /// <summary>The accuracy recorded under a task name (<c>retrain</c>, <c>control2</c>, ...: the names parts train under), or null.</summary>
    public double? Of(string task) =>
        Fields.FirstOrDefault(f => f.Task == task) is { Get: { } get } ? get(this) : Control(ControlIndex(task));

    /// <summary>Records the accuracy of the network trained under task name <paramref name="task"/>.</summary>
    public void Set(string task, double accuracy)
    {
        if (Fields.FirstOrDefault(f => f.Task == task) is { Set: { } set }) set(this, accuracy);
        else SetControl(ControlIndex(task), accuracy);
    }

    private static int ControlIndex(string task) =>
        ControlPhase.IndexOf(task) ?? throw new ArgumentException($"no test result is named '{task}'", nameof(task));
}

/// <summary>
/// <see cref="TestResults"/> as <c>{"retrain": 0.83, "controls": [0.81, 0.80]}</c>; also reads the run states written
/// before it was typed, which kept one number per task name (<c>{"retrain": 0.83, "control": 0.81, "control2": 0.80}</c>).
/// </summary>
internal sealed class TestResultsJson : JsonConverter<TestResults>
{
    /// <inheritdoc />
    public override TestResults Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var results = new TestResults();
        using var doc = JsonDocument.ParseValue(ref reader);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name == "controls")
            {
                results.Controls = p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : Number(v)).ToList();
                continue;
            }
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            results.Set(p.Name, Number(p.Value));
        }
        return results;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TestResults value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        void Field(string name, double? v)
        {
            if (v is not { } x) return;
            writer.WritePropertyName(name);
            Value(writer, x);
        }
        foreach (var (task, get, _) in TestResults.Fields) Field(task, get(value));
        if (value.Controls.Count > 0)
        {
            writer.WriteStartArray("controls");
            foreach (var c in value.Controls)
                if (c is { } x) Value(writer, x);
                else writer.WriteNullValue();
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    // A NaN accuracy (a diverged network) survives a checkpoint, as the run state's other numbers do.
    private static double Number(JsonElement v) => v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : v.GetDouble();

    private static void Value(Utf8JsonWriter writer, double x)
    {
        if (double.IsFinite(x)) writer.WriteNumberValue(x);
        else writer.WriteStringValue(x.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
