using System.Security.Cryptography;
using BossNas.Engine.Checkpoints;
using BossNas.Tests.Support;
using static TorchSharp.torch;

namespace BossNas.Tests.Reliability;

/// <summary>
/// Checkpoints past 2 GiB: lengths are 64-bit, tensors move in chunks and files are streamed, so a checkpoint that can
/// be written can be read; streams of the earlier 32-bit format still read.
/// </summary>
[Collection("Torch")]
public sealed class LargeCheckpointTests
{
    [Fact]
    public void Chunks_cover_every_element_once_within_the_chunk_size_also_past_two_to_the_31()
    {
        Assert.Equal(new[] { (0L, 3L), (3L, 3L), (6L, 3L), (9L, 1L) }, TensorStore.Chunks(10, 4, 12));
        // A chunk smaller than one element still moves one element at a time.
        Assert.Equal(new[] { (0L, 1L), (1L, 1L) }, TensorStore.Chunks(2, 8, 3));
        Assert.Empty(TensorStore.Chunks(0, 4, 12));

        long elements = (1L << 31) + 5; // 8 GiB of float32
        var chunks = TensorStore.Chunks(elements, 4, TensorStore.DefaultChunkBytes).ToList();
        Assert.Equal(elements, chunks.Sum(c => c.Count));
        Assert.All(chunks, c => Assert.InRange(c.Count * 4, 1, TensorStore.DefaultChunkBytes));
        Assert.Equal(chunks.Count, chunks.Zip(chunks.Skip(1), (a, b) => a.Start + a.Count == b.Start).Count(x => x) + 1);
        Assert.True(chunks[^1].Start > int.MaxValue);
    }

    [Fact]
    public void Tensors_written_and_read_in_chunks_of_other_sizes_come_back_unchanged()
    {
        using var f = arange(0, 1001, dtype: ScalarType.Float32).mul(0.5).reshape(7, 11, 13);
        using var d = arange(0, 17, dtype: ScalarType.Float64).sin();
        using var l = arange(-5, 6, dtype: ScalarType.Int64);
        using var b = tensor(new[] { true, false, true });
        using var empty0 = zeros(0, 4);
        var all = new Dictionary<string, Tensor> { ["f"] = f, ["d"] = d, ["l"] = l, ["b"] = b, ["e"] = empty0 };
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) TensorStore.Write(w, all, chunkBytes: 12);
        stream.Position = 0;
        using var r = new BinaryReader(stream);
        var back = TensorStore.Read(r, chunkBytes: 20);
        try
        {
            Assert.Equal(all.Keys.Order(), back.Keys.Order());
            foreach (var (name, t) in all)
            {
                Assert.Equal(t.shape, back[name].shape);
                Assert.Equal(t.dtype, back[name].dtype);
                Assert.True(t.Equals(back[name]), $"{name} changed");
            }
        }
        finally
        {
            foreach (var t in back.Values) t.Dispose();
        }
    }

    [Fact]
    public void A_header_claiming_more_than_2_GiB_in_a_short_stream_is_truncated_not_an_overflow_or_an_allocation()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(-2); // 64-bit lengths
            w.Write(1);
            w.Write("huge");
            w.Write((int)ScalarType.Float32);
            w.Write(1L);
            w.Write(600_000_000L);
            w.Write(2_400_000_000L);
            w.Write(new byte[100]);
        }
        stream.Position = 0;
        using var r = new BinaryReader(stream);
        Assert.Contains("truncated", Assert.Throws<EndOfStreamException>(() => TensorStore.Read(r)).Message);
    }

    [Fact]
    public void A_stream_of_the_earlier_format_with_32_bit_lengths_still_reads()
    {
        var values = new[] { 1.5f, -2f, 3.25f };
        var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1);
            w.Write("w");
            w.Write((int)ScalarType.Float32);
            w.Write(1L);
            w.Write(3L);
            w.Write(bytes.Length);
            w.Write(bytes);
            w.Write(SHA256.HashData(bytes));
        }
        stream.Position = 0;
        using var r = new BinaryReader(stream);
        var back = TensorStore.Read(r);
        using var t = back["w"];
        Assert.Equal(values, t.data<float>().ToArray());
    }

    [Fact]
    public void A_checkpoint_over_2_GiB_is_written_and_read_back_intact()
    {
        using var temp = new TempFolder();
        var store = new CheckpointStore(temp.Path);
        // 2.1 GiB of bytes in a 251-cycle, so a chunk put at the wrong offset would change them.
        const long size = (2L << 30) + (100L << 20);
        using var pattern = arange(0, 251, dtype: ScalarType.Int32).to(ScalarType.Byte);
        using var big = pattern.repeat((size + 250) / 251).narrow(0, 0, size).contiguous();
        var path = store.Save(new RunState { Phase = "supernet", GlobalStep = 3, Step = 3 }, new[] { KeyValuePair.Create("big", big) });
        Assert.True(new FileInfo(path).Length > (2L << 30));

        var (state, tensors) = CheckpointStore.Load(path);
        using var back = tensors["big"];
        Assert.Equal(3, state.GlobalStep);
        Assert.Equal(size, back.NumberOfElements);
        Assert.True(back.Equals(big), "the tensor read back differs");
    }
}
