using BossNas.Engine.Data;
using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Reliability;

/// <summary>metrics.jsonl after a crash or a hand edit: a resumed run keeps whole records only, a reader names the bad line.</summary>
public sealed class MetricsWriterTests
{
    [Fact]
    public void A_file_shorter_than_its_checkpoint_recorded_is_cut_to_its_last_whole_record_with_a_warning()
    {
        using var temp = new TempFolder();
        var path = temp.File("metrics.jsonl");
        long recorded;
        using (var w = new MetricsWriter(path))
        {
            for (int step = 0; step < 3; step++) w.Write("step", new Dictionary<string, object?> { ["step"] = step });
            recorded = w.Length;
        }
        // The file lost the end of its third record, after the checkpoint recorded all three.
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(recorded - 5);

        var warnings = new List<string>();
        using (var w = new MetricsWriter(path, recorded, warnings.Add))
            w.Write("step", new Dictionary<string, object?> { ["step"] = 2 });

        Assert.Contains("fewer than the", Assert.Single(warnings));
        Assert.Equal(new[] { 0, 1, 2 }, MetricsWriter.Read(path, "step").Select(e => e.GetProperty("step").GetInt32()));
    }

    [Fact]
    public void A_file_longer_than_its_checkpoint_recorded_drops_the_records_of_redone_work_silently()
    {
        using var temp = new TempFolder();
        var path = temp.File("metrics.jsonl");
        long kept;
        using (var w = new MetricsWriter(path))
        {
            w.Write("step", new Dictionary<string, object?> { ["step"] = 0 });
            kept = w.Length;
            w.Write("step", new Dictionary<string, object?> { ["step"] = 1 });
        }
        var warnings = new List<string>();
        using (new MetricsWriter(path, kept, warnings.Add)) { }
        Assert.Empty(warnings);
        Assert.Equal(new[] { 0 }, MetricsWriter.Read(path, "step").Select(e => e.GetProperty("step").GetInt32()));
    }

    [Fact]
    public void A_line_that_is_not_a_whole_record_is_reported_with_the_file_and_line()
    {
        using var temp = new TempFolder();
        var path = temp.File("metrics.jsonl");
        File.WriteAllText(path, "{\"kind\":\"step\",\"step\":0}\n{\"kind\":\"st\n");
        var e = Assert.Throws<DataFormatException>(() => MetricsWriter.Read(path, "step"));
        Assert.StartsWith($"{path}:2: ", e.Message);
    }
}
