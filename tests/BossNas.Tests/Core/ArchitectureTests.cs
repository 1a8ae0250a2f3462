using BossNas.Core.Architectures;
using BossNas.Core.Context;

namespace BossNas.Tests.Core;

/// <summary>Architecture encodings and the checkpointable random generator.</summary>
public sealed class ArchitectureTests
{
    [Theory]
    [InlineData("5433|3230|0010|0000")]
    [InlineData("74|57|6")]
    [InlineData("12.3.0|4")]
    public void String_and_json_forms_round_trip(string text)
    {
        var a = Architecture.Parse(text);
        Assert.Equal(text, a.ToString());
        Assert.Equal(a, Architecture.FromJson(a.ToJson()));
        Assert.Equal(a.GetHashCode(), Architecture.Parse(text).GetHashCode());
    }

    [Fact]
    public void Json_form_is_nested_op_lists_and_bad_text_is_rejected()
    {
        Assert.Equal("[[5,4,3,3],[3,2]]", Architecture.Parse("5433|32").ToJson());
        Assert.Throws<FormatException>(() => Architecture.Parse("54x3"));
        Assert.Throws<FormatException>(() => Architecture.FromJson("{\"a\":1}"));
        Assert.Equal(Architecture.Empty, Architecture.Parse(""));
    }

    [Fact]
    public void Random_state_round_trip_continues_the_same_stream()
    {
        var a = new SeededRandom(17);
        for (int i = 0; i < 5; i++) a.NextUInt64();
        var saved = a.GetState();
        var expected = Enumerable.Range(0, 10).Select(_ => a.Next(1000)).ToArray();
        var b = new SeededRandom(99);
        b.SetState(saved);
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(_ => b.Next(1000)).ToArray());
        var streams = new RngStreams(5);
        Assert.NotEqual(streams["sampling"].NextUInt64(), streams["data"].NextUInt64());
        Assert.Equal(new RngStreams(5)["sampling"].NextUInt64(), new RngStreams(5)["sampling"].NextUInt64());
    }

    [Fact]
    public void Sampling_without_replacement_is_distinct_and_uniform_enough()
    {
        var rng = new SeededRandom(1);
        var counts = new int[10];
        for (int i = 0; i < 2000; i++)
        {
            var s = rng.SampleWithoutReplacement(10, 4);
            Assert.Equal(4, s.Distinct().Count());
            foreach (var v in s) counts[v]++;
        }
        // each index is expected 800 times
        Assert.All(counts, c => Assert.InRange(c, 700, 900));
    }
}
