using System.Buffers.Binary;
using System.Text;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Reliability;

/// <summary>
/// TensorBoard event files read back by an independent reader of the TFRecord format (its own bitwise CRC-32C and
/// protobuf wire-format parser): every record's length and data checksums hold, the first event names the file
/// version, and the scalars are the ones written.
/// </summary>
public sealed class TensorBoardTests
{
    [Fact]
    public void Scalars_round_trip_through_an_independent_tfrecord_and_event_reader()
    {
        using var temp = new TempFolder();
        string path;
        using (var tb = new TensorBoardWriter(temp.File("tb")))
        {
            path = tb.Path;
            tb.Mirror("step", new Dictionary<string, object?> { ["phase"] = "supernet", ["global_step"] = 7L, ["loss"] = -3.25, ["lr"] = 0.1 });
            tb.Mirror("rating", new Dictionary<string, object?> { ["block"] = 2, ["score"] = 0.5 });
            tb.Mirror("rating", new Dictionary<string, object?> { ["block"] = 2, ["score"] = 0.75 });
            tb.Mirror("test", new Dictionary<string, object?> { ["phase"] = "retrain", ["test_accuracy"] = 0.875 });
        }
        var events = ReadEvents(File.ReadAllBytes(path));
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var scalars = events.Skip(1).Select(e => (e.Tag, e.Step, e.Value)).ToList();
        Assert.Equal(new (string?, long, float)[]
        {
            ("supernet/loss", 7, -3.25f), ("supernet/lr", 7, 0.1f), ("rating/block2", 0, 0.5f), ("rating/block2", 1, 0.75f),
            ("test_accuracy/retrain", 0, 0.875f),
        }, scalars);
        Assert.All(events, e => Assert.InRange(e.WallTime, 1.7e9, 3e9));
    }

    [Fact]
    public void A_resumed_writer_cuts_the_file_back_to_its_checkpoint_so_each_step_is_there_once()
    {
        using var temp = new TempFolder();
        var folder = temp.File("tb");
        string file;
        long atCheckpoint;
        using (var crashed = TensorBoardWriter.Open(folder, null, 0, fresh: true))
        {
            for (long step = 0; step < 3; step++) crashed.Mirror("step", Step(step));
            (file, atCheckpoint) = (Path.GetFileName(crashed.Path), crashed.Length);
            for (long step = 3; step < 5; step++) crashed.Mirror("step", Step(step)); // redone after the resume
        }
        using (var resumed = TensorBoardWriter.Open(folder, file, atCheckpoint, fresh: false))
        {
            Assert.Equal(file, Path.GetFileName(resumed.Path));
            for (long step = 3; step < 6; step++) resumed.Mirror("step", Step(step));
        }

        var events = ReadEvents(File.ReadAllBytes(Assert.Single(Directory.GetFiles(folder))));
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal([0L, 1, 2, 3, 4, 5], events.Where(e => e.Tag == "supernet/loss").Select(e => e.Step));

        // A fresh start drops what an attempt that died before its first checkpoint wrote.
        using (var fresh = TensorBoardWriter.Open(folder, null, 0, fresh: true)) fresh.Mirror("step", Step(0));
        Assert.Equal([0L], ReadEvents(File.ReadAllBytes(Assert.Single(Directory.GetFiles(folder)))).Where(e => e.Tag == "supernet/loss").Select(e => e.Step));
    }

    [Fact]
    public void Rating_steps_go_on_after_the_ratings_a_resumed_run_kept()
    {
        using var temp = new TempFolder();
        using var tb = new TensorBoardWriter(temp.File("tb"));
        using var kept = System.Text.Json.JsonDocument.Parse("""[{"kind": "rating", "block": 1, "score": 1}, {"kind": "rating", "block": 1, "score": 2}, {"kind": "rating", "score": 3}]""");
        tb.CountRatings(kept.RootElement.EnumerateArray());
        tb.Mirror("rating", new Dictionary<string, object?> { ["block"] = 1, ["score"] = 0.5 });
        tb.Mirror("rating", new Dictionary<string, object?> { ["score"] = 0.25 });
        tb.Dispose();
        var ratings = ReadEvents(File.ReadAllBytes(tb.Path)).Skip(1).Select(e => (e.Tag, e.Step)).ToList();
        Assert.Equal([("rating/block1", 2L), ("rating/architectures", 1L)], ratings);
    }

    private static Dictionary<string, object?> Step(long step) =>
        new() { ["phase"] = "supernet", ["global_step"] = step, ["loss"] = 1.0 / (step + 1) };

    [Fact]
    public void Crc32c_matches_the_standard_check_value() =>
        Assert.Equal(0xE3069283u, Crc32C.Of(Encoding.ASCII.GetBytes("123456789")));

    /// <summary>One event: a file version, or a summary value's tag with its simple value or its plugin's name and data.</summary>
    internal sealed record Event(double WallTime, long Step, string? FileVersion, string? Tag, float Value, string? Plugin = null, byte[]? PluginContent = null);

    /// <summary>The events of one event file, each record's checksums checked.</summary>
    internal static List<Event> ReadEvents(byte[] file)
    {
        var events = new List<Event>();
        int at = 0;
        while (at < file.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at));
            Assert.Equal(MaskedCrc(file.AsSpan(at, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8)));
            var data = file.AsSpan(at + 12, (int)length);
            Assert.Equal(MaskedCrc(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12 + (int)length)));
            events.Add(ParseEvent(data.ToArray()));
            at += 12 + (int)length + 4;
        }
        return events;
    }

    private static Event ParseEvent(byte[] data)
    {
        double wall = 0;
        long step = 0;
        string? version = null, tag = null;
        float value = float.NaN;
        string? plugin = null;
        byte[]? content = null;
        foreach (var (field, wire, payload, varint) in Fields(data))
        {
            switch (field)
            {
                case 1 when wire == 1: wall = BinaryPrimitives.ReadDoubleLittleEndian(payload); break;
                case 2 when wire == 0: step = (long)varint; break;
                case 3 when wire == 2: version = Encoding.UTF8.GetString(payload); break;
                case 5 when wire == 2:
                    var summaryValue = Fields(payload).Single(f => f.Field == 1).Payload;
                    foreach (var (f, w, p, _) in Fields(summaryValue))
                    {
                        if (f == 1 && w == 2) tag = Encoding.UTF8.GetString(p);
                        if (f == 2 && w == 5) value = BinaryPrimitives.ReadSingleLittleEndian(p);
                        if (f == 9 && w == 2) // SummaryMetadata.plugin_data: plugin_name 1, content 2
                            foreach (var (pf, _, pp, _) in Fields(Fields(p).Single(m => m.Field == 1).Payload))
                            {
                                if (pf == 1) plugin = Encoding.UTF8.GetString(pp);
                                if (pf == 2) content = pp;
                            }
                    }
                    break;
            }
        }
        return new Event(wall, step, version, tag, value, plugin, content);
    }

    /// <summary>The fields of one protobuf message: number, wire type, payload (length-delimited and fixed) and varint value.</summary>
    internal static List<(int Field, int Wire, byte[] Payload, ulong Varint)> Fields(byte[] data)
    {
        var result = new List<(int, int, byte[], ulong)>();
        int at = 0;
        ulong ReadVarint()
        {
            ulong v = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = data[at++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
        }
        while (at < data.Length)
        {
            ulong key = ReadVarint();
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: result.Add((field, wire, Array.Empty<byte>(), ReadVarint())); break;
                case 1: result.Add((field, wire, data[at..(at + 8)], 0)); at += 8; break;
                case 5: result.Add((field, wire, data[at..(at + 4)], 0)); at += 4; break;
                case 2:
                    int n = (int)ReadVarint();
                    result.Add((field, wire, data[at..(at + n)], 0));
                    at += n;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
        return result;
    }

    // Bitwise CRC-32C, independent of the writer's table.
    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
        }
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
