using BossNas.Engine.Export;

namespace BossNas.Engine.Runs;

/// <summary>
/// The summaries of TensorBoard's hparams plugin, encoded by hand: each is a <c>Summary.Value</c> whose metadata names
/// the plugin <c>hparams</c> and carries an <c>HParamsPluginData</c> message (version 0): the experiment (every
/// hyperparameter with its type and domain, every metric's tag) in the logdir's own run, and per session (one run
/// folder each) its start (hyperparameter values) and end (status). The metrics themselves are ordinary scalars in the
/// session's run under the tags the experiment names.
/// </summary>
internal static class HParamsSummaries
{
    /// <summary>The tag of the experiment summary.</summary>
    public const string ExperimentTag = "_hparams_/experiment";

    /// <summary>The tag of a session's start.</summary>
    public const string SessionStartTag = "_hparams_/session_start_info";

    /// <summary>The tag of a session's end.</summary>
    public const string SessionEndTag = "_hparams_/session_end_info";

    private const int StringType = 1, BoolType = 2, Float64Type = 3; // api.proto DataType
    private const int StatusSuccess = 1, StatusFailure = 2;          // api.proto Status

    /// <summary>
    /// The experiment: the hyperparameters seen in <paramref name="sessions"/> (a string's domain is the values it takes,
    /// a number's the interval they span) and the metric tags.
    /// </summary>
    public static ReadOnlyMemory<byte> Experiment(IReadOnlyList<IReadOnlyDictionary<string, object>> sessions, IReadOnlyList<string> metrics, double createdSecs)
    {
        var experiment = new ProtoMessage().Double(3, createdSecs);
        foreach (var name in sessions.SelectMany(s => s.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var values = sessions.Where(s => s.ContainsKey(name)).Select(s => s[name]).ToList();
            var info = new ProtoMessage().String(1, name);
            if (values.All(v => v is double))
            {
                var numbers = values.Cast<double>().ToList();
                info.Int64(4, Float64Type).Message(6, new ProtoMessage().Double(1, numbers.Min()).Double(2, numbers.Max()));
            }
            else if (values.All(v => v is bool))
            {
                info.Int64(4, BoolType).Message(5, List(values.Distinct()));
            }
            else
            {
                info.Int64(4, StringType).Message(5, List(values.Select(Text).Distinct().Order(StringComparer.Ordinal)));
            }
            experiment.Message(4, info);
        }
        foreach (var tag in metrics)
            experiment.Message(5, new ProtoMessage().Message(1, new ProtoMessage().String(2, tag)));
        return Value(ExperimentTag, 2, experiment);
    }

    /// <summary>A session's start: its hyperparameter values, its group (sessions of one configuration; empty: a group of its own) and start time.</summary>
    public static ReadOnlyMemory<byte> SessionStart(IReadOnlyDictionary<string, object> hparams, string group, double startSecs)
    {
        var start = new ProtoMessage();
        foreach (var (name, value) in hparams.OrderBy(h => h.Key, StringComparer.Ordinal))
            start.Message(1, new ProtoMessage().String(1, name).Message(2, ProtoValue(value)));
        if (group.Length > 0) start.String(4, group);
        start.Double(5, startSecs);
        return Value(SessionStartTag, 3, start);
    }

    /// <summary>A session's end: success or failure, and when.</summary>
    public static ReadOnlyMemory<byte> SessionEnd(bool success, double endSecs) =>
        Value(SessionEndTag, 4, new ProtoMessage().Int64(1, success ? StatusSuccess : StatusFailure).Double(2, endSecs));

    // Summary.Value: tag, metadata (plugin_data: the plugin's name and an HParamsPluginData: version 0 and the message in
    // its oneof field) and, as TensorBoard's own writer does, an empty float tensor (the data lives in the metadata).
    private static ReadOnlyMemory<byte> Value(string tag, int field, ProtoMessage message)
    {
        var data = new ProtoMessage().Int64(1, 0).Message(field, message);
        var pluginData = new ProtoMessage().String(1, "hparams").Bytes(2, data.Encoded());
        var emptyTensor = new ProtoMessage().Int64(1, 1 /* DT_FLOAT */).Message(2, new ProtoMessage().Message(2, new ProtoMessage()));
        return new ProtoMessage().String(1, tag).Message(9, new ProtoMessage().Message(1, pluginData)).Message(8, emptyTensor).Encoded();
    }

    // google.protobuf.Value: number_value 2, string_value 3, bool_value 4.
    private static ProtoMessage ProtoValue(object value) => value switch
    {
        double d => new ProtoMessage().Double(2, d),
        bool b => new ProtoMessage().Bool(4, b),
        _ => new ProtoMessage().String(3, Text(value)),
    };

    // google.protobuf.ListValue: values 1.
    private static ProtoMessage List(IEnumerable<object> values)
    {
        var list = new ProtoMessage();
        foreach (var v in values) list.Message(1, ProtoValue(v));
        return list;
    }

    private static string Text(object value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
