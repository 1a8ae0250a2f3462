using System.Buffers.Binary;
using System.Text;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Compare;
using BossNas.Tests.Support;
using static BossNas.Tests.Reliability.TensorBoardTests;

namespace BossNas.Tests.Reliability;

/// <summary>
/// A comparison's <c>tensorboard/</c> for the hparams dashboard, read back with the tests' own TFRecord and protobuf
/// reader: the experiment in the logdir's run (each hyperparameter's type and domain, each metric's tag), one run per
/// arm run with its session start (the arm run's values), its metrics as scalars and a successful end; written anew, so
/// a second report does not show any arm run twice.
/// </summary>
public sealed class CompareHParamsTests
{
    private static ArmResult Arm(string arm, long seed, double tau, double? accuracy) =>
        new(arm, seed, "/nowhere", "01|10|1", 3.5e6, accuracy, [0.5, 0.25], 12.5, 384, 3.25,
            new BenchmarkAgreement(8, tau, tau / 2, 0.1, 0.5, 1.0), 410, 0)
        {
            HParams = new Dictionary<string, object> { ["arm"] = arm, ["seed"] = (double)seed, ["train.lr"] = arm == "spos" ? 0.05 : 0.3 },
        };

    [Fact]
    public void Each_arm_run_is_one_session_with_its_hyperparameters_and_metrics()
    {
        using var temp = new TempFolder();
        var results = new[] { Arm("spos", 0, 0.25, 0.875), Arm("spos", 1, -0.5, null), Arm("ensemble_bootstrapping", 0, 0.75, 0.625) };
        var first = CompareTensorBoard.Write(temp.Path, results)!;
        // What an earlier report left (another arm run, an older event file) is gone after the next one.
        File.WriteAllBytes(Path.Combine(first, "spos-seed0", "events.out.tfevents.1.old"), File.ReadAllBytes(Directory.GetFiles(Path.Combine(first, "spos-seed0"))[0]));
        Directory.CreateDirectory(Path.Combine(first, "random-seed0"));
        var root = CompareTensorBoard.Write(temp.Path, results)!;
        Assert.All(Directory.GetDirectories(root), d => Assert.Single(Directory.GetFiles(d)));

        var experiment = Assert.Single(ReadEvents(File.ReadAllBytes(Assert.Single(Directory.GetFiles(root)))), e => e.Tag is not null);
        Assert.Equal(("_hparams_/experiment", "hparams"), (experiment.Tag, experiment.Plugin));
        var (kind, body) = PluginData(experiment.PluginContent!);
        Assert.Equal(2, kind);
        var infos = Fields(body).Where(f => f.Field == 4).Select(f => HParamInfo(f.Payload)).ToDictionary(i => i.Name);
        Assert.Equal(["arm", "seed", "train.lr"], infos.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((1UL, "ensemble_bootstrapping,spos"), (infos["arm"].Type, infos["arm"].Domain)); // string: its values
        Assert.Equal((3UL, "0..1"), (infos["seed"].Type, infos["seed"].Domain));                      // float64: the interval
        Assert.Equal("0.05..0.3", infos["train.lr"].Domain);
        var metrics = Fields(body).Where(f => f.Field == 5)
            .Select(f => Encoding.UTF8.GetString(Fields(Fields(f.Payload).Single(n => n.Field == 1).Payload).Single(n => n.Field == 2).Payload)).ToList();
        Assert.Equal(["test_accuracy", "control_accuracy", "kendall_tau", "spearman_rho", "top10_precision", "madds", "supernet_seconds", "rating_seconds", "peak_rss_mb"], metrics);

        var sessions = Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["ensemble_bootstrapping-seed0", "spos-seed0", "spos-seed1"], sessions);
        var events = ReadEvents(File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(root, "spos-seed1"))))).Where(e => e.Tag is not null).ToList();
        Assert.Equal("_hparams_/session_start_info", events[0].Tag);
        var (startKind, start) = PluginData(events[0].PluginContent!);
        Assert.Equal(3, startKind);
        var hparams = Fields(start).Where(f => f.Field == 1).Select(f => Fields(f.Payload))
            .ToDictionary(e => Encoding.UTF8.GetString(e.Single(x => x.Field == 1).Payload), e => ProtoValue(e.Single(x => x.Field == 2).Payload));
        Assert.Equal(new Dictionary<string, string> { ["arm"] = "spos", ["seed"] = "1", ["train.lr"] = "0.05" }, hparams);
        // No test accuracy (not retrained): that scalar is absent, the others hold the arm run's figures.
        var scalars = events.Where(e => e.Plugin is null).ToDictionary(e => e.Tag!, e => e.Value);
        Assert.False(scalars.ContainsKey("test_accuracy"));
        Assert.Equal(-0.5f, scalars["kendall_tau"]);
        Assert.Equal(-0.25f, scalars["spearman_rho"]);
        Assert.Equal(0.375f, scalars["control_accuracy"]);
        Assert.Equal(3.5e6f, scalars["madds"]);
        Assert.Equal("_hparams_/session_end_info", events[^1].Tag);
        var (endKind, end) = PluginData(events[^1].PluginContent!);
        Assert.Equal((4, 1UL), (endKind, Fields(end).Single(f => f.Field == 1).Varint)); // STATUS_SUCCESS
    }

    [Fact]
    public void No_folder_when_no_arm_run_asks_for_tensorboard()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("tensorboard/stale"));
        Assert.Null(CompareTensorBoard.Write(temp.Path, [Arm("spos", 0, 0.1, 0.5) with { TensorBoard = false }]));
        Assert.False(Directory.Exists(temp.File("tensorboard")));
    }

    // HParamsPluginData: version 0 (field 1), then one message in the oneof (2 experiment, 3 session start, 4 session end).
    private static (int Kind, byte[] Body) PluginData(byte[] content)
    {
        var fields = Fields(content);
        Assert.Equal(0UL, fields.Where(f => f.Field == 1).Select(f => f.Varint).DefaultIfEmpty(0UL).Single());
        var data = fields.Single(f => f.Field is 2 or 3 or 4);
        return (data.Field, data.Payload);
    }

    // HParamInfo: name 1, type 4, domain_discrete 5 (a ListValue) or domain_interval 6 (min 1, max 2).
    private static (string Name, ulong Type, string Domain) HParamInfo(byte[] info)
    {
        var f = Fields(info);
        string domain = f.FirstOrDefault(x => x.Field == 5).Payload is { } list
            ? string.Join(",", Fields(list).Select(v => ProtoValue(v.Payload)))
            : string.Join("..", Fields(f.Single(x => x.Field == 6).Payload).Select(b => BinaryPrimitives.ReadDoubleLittleEndian(b.Payload).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (Encoding.UTF8.GetString(f.Single(x => x.Field == 1).Payload), f.Single(x => x.Field == 4).Varint, domain);
    }

    // google.protobuf.Value as text: number_value 2, string_value 3, bool_value 4.
    private static string ProtoValue(byte[] value)
    {
        var (field, _, payload, varint) = Fields(value).Single();
        return field switch
        {
            2 => BinaryPrimitives.ReadDoubleLittleEndian(payload).ToString(System.Globalization.CultureInfo.InvariantCulture),
            3 => Encoding.UTF8.GetString(payload),
            4 => (varint != 0).ToString(),
            _ => throw new InvalidDataException($"Value field {field}"),
        };
    }
}
