using BossNas.Engine.Checkpoints;
using BossNas.Tests.Support;
using static TorchSharp.torch;

namespace BossNas.Tests.Reliability;

/// <summary>
/// Checkpoints prove themselves: a damaged newest checkpoint or pointer falls back to the newest intact one with a
/// warning naming what was skipped, flipped bytes in tensor data are caught by the checksums, and pruning never
/// deletes the checkpoint the pointer names.
/// </summary>
[Collection("Torch")]
public sealed class CheckpointStoreTests
{
    private static string Save(CheckpointStore store, long step, float value)
    {
        using var t = full(new long[] { 64 }, value);
        return store.Save(new RunState { Phase = "supernet", GlobalStep = step, Step = (int)step }, new[] { KeyValuePair.Create("w", t) });
    }

    private static (float Value, List<string> Warnings) Resume(CheckpointStore store)
    {
        var warnings = new List<string>();
        var found = store.LoadNewestGood(warnings.Add) ?? throw new InvalidOperationException("no checkpoint");
        using var w = found.Tensors["w"];
        Assert.Equal(found.State.GlobalStep, (long)w.data<float>()[0]);
        return (w.data<float>()[0], warnings);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("random")]
    [InlineData("flipped")]
    public void A_damaged_newest_checkpoint_falls_back_to_the_one_before(string damage)
    {
        using var temp = new TempFolder();
        var store = new CheckpointStore(temp.Path);
        Save(store, 2, 2f);
        var newest = Save(store, 4, 4f);
        var bytes = File.ReadAllBytes(newest);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]); break;
            case "random": new Random(1).NextBytes(bytes); File.WriteAllBytes(newest, bytes); break;
            default:
                // 400 flipped bytes inside the tensor data (the last 64 floats before the trailer and its hash).
                for (int i = bytes.Length - 32 - 32 - 256; i < bytes.Length - 64; i++) bytes[i] ^= 0xFF;
                File.WriteAllBytes(newest, bytes);
                break;
        }
        var (value, warnings) = Resume(store);
        Assert.Equal(2f, value);
        Assert.Contains(warnings, w => w.Contains(Path.GetFileName(newest), StringComparison.Ordinal));
    }

    [Fact]
    public void A_flipped_tensor_byte_is_caught_by_the_tensor_checksum_too()
    {
        using var temp = new TempFolder();
        using var t = full(new long[] { 4 }, 1f);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) TensorStore.Write(w, new[] { KeyValuePair.Create("x", t) });
        var bytes = stream.ToArray();
        bytes[^40] ^= 1; // inside the 16 data bytes, before the 32-byte hash
        using var r = new BinaryReader(new MemoryStream(bytes));
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => TensorStore.Read(r)).Message);
    }

    [Theory]
    [InlineData("garbage \u0001 not a file name")]
    [InlineData("ckpt-supernet-00000099.bin")]
    [InlineData("")]
    public void A_damaged_pointer_resumes_from_the_newest_intact_checkpoint_not_from_zero(string pointer)
    {
        using var temp = new TempFolder();
        var store = new CheckpointStore(temp.Path);
        Save(store, 2, 2f);
        Save(store, 4, 4f);
        File.WriteAllText(Path.Combine(temp.Path, "checkpoints", "latest"), pointer);
        var (value, warnings) = Resume(store);
        Assert.Equal(4f, value);
        Assert.Contains(warnings, w => w.Contains("pointer", StringComparison.Ordinal));
    }

    [Fact]
    public void No_intact_checkpoint_is_an_error_and_none_at_all_is_a_fresh_start()
    {
        using var temp = new TempFolder();
        var store = new CheckpointStore(temp.Path);
        Assert.Null(store.LoadNewestGood(_ => { }));
        var only = Save(store, 2, 2f);
        File.WriteAllBytes(only, new byte[10]);
        Assert.Contains("no intact checkpoint", Assert.Throws<InvalidDataException>(() => store.LoadNewestGood(_ => { })).Message);
    }

    [Fact]
    public void Pruning_keeps_the_two_newest_and_never_the_intact_one_a_damaged_newest_falls_back_to()
    {
        using var temp = new TempFolder();
        var store = new CheckpointStore(temp.Path);
        Save(store, 2, 2f);
        Save(store, 4, 4f);
        var six = Save(store, 6, 6f);
        var kept = Directory.GetFiles(Path.Combine(temp.Path, "checkpoints"), "ckpt-*.bin").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(new[] { "ckpt-supernet-00000004.bin", "ckpt-supernet-00000006.bin" }, kept);
        // The newest is damaged: the run resumes from 4 and its next save must not prune 4 while 6 is still there.
        File.WriteAllBytes(six, new byte[10]);
        Assert.Equal(4f, Resume(store).Value);
        Save(store, 5, 5f);
        var after = Directory.GetFiles(Path.Combine(temp.Path, "checkpoints"), "ckpt-*.bin").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(new[] { "ckpt-supernet-00000004.bin", "ckpt-supernet-00000005.bin" }, after);
        Assert.Equal(5f, Resume(store).Value);
    }
}
