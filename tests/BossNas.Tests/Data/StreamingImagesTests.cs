using BossNas.Core.Data;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using BossNas.Engine.Data.Streaming;
using BossNas.Tests.Engine;
using BossNas.Tests.Support;
using StbImageWriteSharp;
using Xunit;
using static TorchSharp.torch;

namespace BossNas.Tests.Data;

/// <summary>Streamed image data: the transforms, batches independent of decode workers, resume, tar shards.</summary>
[Collection("Torch")]
public sealed class StreamingImagesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly byte[][] Stripes = [[250, 10, 10], [10, 250, 10], [10, 10, 250], [250, 250, 10]];

    /// <summary>A 64×32 PNG (landscape) of four 16-pixel vertical stripes, red, green, blue, yellow.</summary>
    private string StripedImage()
    {
        const int w = 64, h = 32;
        var pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                Stripes[x / 16].CopyTo(pixels, (y * w + x) * 3);
        var path = _temp.File("stripes.png");
        using var file = File.Create(path);
        new ImageWriter().WritePng(pixels, w, h, ColorComponents.RedGreenBlue, file);
        return path;
    }

    [Fact]
    public void The_eval_transform_resizes_the_shorter_side_and_crops_the_centre_without_stretching()
    {
        // Hand computation, crop fraction 1, size 16: shorter side 32 -> 16 (scale 1/2), so 64 -> 32 wide and each stripe
        // 8 wide; the centre 16 columns start at (32 - 16) / 2 = 8: resized columns 8..23, i.e. green then blue.
        Assert.Equal((32, 16, new CropBox(8, 0, 16, 16)), CropGeometry.Eval(64, 32, 16, 1.0));
        // Crop fraction 0.875: shorter side floor(16 / 0.875) = 18, longer int(18 * 64 / 32) = 36, offsets round(10), round(1).
        Assert.Equal((36, 18, new CropBox(10, 1, 16, 16)), CropGeometry.Eval(64, 32, 16, 0.875));
        Assert.Equal((18, 45, new CropBox(1, 14, 16, 16)), CropGeometry.Eval(20, 50, 16, 0.875)); // portrait: int(18 * 50 / 20) = 45

        var source = new StreamingImages([new ImageEntry(StripedImage(), -1, 0, 0)], 1, new StreamingOptions(16, 1.0, false, 1));
        using var scope = NewDisposeScope();
        var (images, _) = source.Gather([0]);
        Assert.Equal(new long[] { 1, 3, 16, 16 }, images.shape);
        var px = images.mul(255).round().to_type(ScalarType.Int32);
        // Away from the stripe edges (the filter's footprint is 2 source pixels each side) the colours come through
        // unmixed; a squash to 16×16 would put red in columns 0..3 and yellow in 12..15 instead.
        foreach (int y in new[] { 0, 7, 15 })
        {
            foreach (int x in new[] { 1, 2, 5, 6 }) AssertColour(px, y, x, Stripes[1]);
            foreach (int x in new[] { 9, 10, 13, 14 }) AssertColour(px, y, x, Stripes[2]);
        }
    }

    private static void AssertColour(Tensor px, int y, int x, byte[] rgb)
    {
        for (int c = 0; c < 3; c++)
        {
            int v = px[0, c, y, x].item<int>();
            Assert.True(Math.Abs(v - rgb[c]) <= 1, $"pixel ({y},{x}) channel {c} is {v}, expected {rgb[c]}");
        }
    }

    private StreamingImages Folder(int classes, int perClass, int workers, bool randomResizedCrop = true)
    {
        var dir = _temp.File("folder");
        if (!Directory.Exists(dir)) GeneratedImages.Folder(dir, classes, perClass, 16);
        var (files, names) = ImageFolderReader.List(dir);
        return new StreamingImages(files.Select(f => new ImageEntry(f.Path, -1, 0, f.Label)).ToArray(), names.Length,
            new StreamingOptions(16, 0.875, randomResizedCrop, workers));
    }

    [Fact]
    public void The_same_seed_gives_the_same_training_batches_with_one_and_with_two_decode_workers()
    {
        var one = Folder(3, 12, workers: 1);
        var two = Folder(3, 12, workers: 2);
        var views = new ViewPipelines(one.Statistics());
        List<Tensor> Batches(StreamingImages data, int prefetch)
        {
            var pipeline = new BatchPipeline(data, views, 9, 8, prefetch);
            var result = new List<Tensor>();
            foreach (int epoch in new[] { 0, 1 })
                foreach (var b in pipeline.Epoch(0, epoch, 0, pipeline.BatchesPerEpoch, ViewRequest.Supervised))
                {
                    result.Add(b.Images.clone().DetachFromDisposeScope());
                    b.Dispose();
                }
            return result;
        }
        var a = Batches(one, prefetch: 0);
        var b = Batches(two, prefetch: 2);
        Assert.Equal(2 * (36 / 8), a.Count);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++) Assert.True(a[i].Equals(b[i]), $"batch {i} differs between 1 and 2 workers");
        // The crops are random: the same images in another epoch come out otherwise than the evaluation transform.
        var evalBatch = views.Eval(one.Gather(Enumerable.Range(0, 8).Select(i => (long)i).ToArray()).Images);
        var trainBatch = views.Eval(one.GatherTraining(Enumerable.Range(0, 8).Select(i => (long)i).ToArray(), 1).Images);
        Assert.False(evalBatch.Equals(trainBatch));
        Assert.False(one.GatherTraining([0], 1).Images.Equals(one.GatherTraining([0], 2).Images));
        foreach (var t in a.Concat(b)) t.Dispose();
    }

    [Fact]
    public void A_resumed_run_on_a_streamed_folder_ends_with_the_parameters_of_an_uninterrupted_one()
    {
        var data = Folder(2, 32, workers: 2); // 64 images of about 16x16: 2 batches of 32 per epoch
        var straight = TrainerTests.Train(data, epochs: 2, accumulate: 1, null, null, null);
        var first = TrainerTests.Train(data, epochs: 2, accumulate: 1, 3, null, null);
        var second = TrainerTests.Train(data, epochs: 2, accumulate: 1, null, first.End, first.Saved);

        Assert.Equal(4, straight.Losses.Count);
        Assert.Equal(straight.Losses, first.Losses.Concat(second.Losses));
        var a = straight.Model.state_dict();
        foreach (var (name, t) in second.Model.state_dict())
            Assert.True(t.Equals(a[name]), $"{name} differs after resume");
    }

    [Fact]
    public void Tar_shards_give_the_splits_images_and_labels_of_the_equivalent_folder()
    {
        var folder = _temp.File("ds-folder");
        GeneratedImages.Folder(Path.Combine(folder, "train"), 3, 10, 16);
        GeneratedImages.Folder(Path.Combine(folder, "val"), 3, 3, 16);
        var shards = _temp.File("ds-shards");
        GeneratedImages.Shards(Path.Combine(folder, "train"), Path.Combine(shards, "train"), perShard: 7);
        GeneratedImages.Shards(Path.Combine(folder, "val"), Path.Combine(shards, "val"), perShard: 4);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(shards, "train"), "*.tar").Length);

        DataSection Section(string dataset, string root) => new()
        {
            Dataset = dataset, Root = root, ImageSize = 12, ValFraction = 0.2, TrainLimit = 27, DecodeWorkers = 2,
        };
        using var fromFolder = DatasetLoader.Load(Section("imagefolder", folder), p => p, 4);
        using var fromShards = DatasetLoader.Load(Section("webdataset", shards), p => p, 4);
        Assert.Equal(fromFolder.Shape, fromShards.Shape);
        Assert.Equal(3, DatasetShapes.Of(Section("webdataset", shards)).Classes);
        foreach (var (f, s) in new[] { (fromFolder.Train, fromShards.Train), (fromFolder.Val, fromShards.Val), (fromFolder.Test, fromShards.Test) })
        {
            Assert.Equal(f.LabelsArray, s.LabelsArray);
            using var scope = NewDisposeScope();
            var all = Enumerable.Range(0, f.Count).Select(i => (long)i).ToArray();
            Assert.True(f.Gather(all).Images.Equals(s.Gather(all).Images));
            Assert.True(f.GatherTraining(all, 77).Images.Equals(s.GatherTraining(all, 77).Images));
        }
        Assert.Equal(27 - 6, fromFolder.Train.Count); // the train limit, less a fifth of each class held out
    }

    [Fact]
    public void An_image_that_cannot_be_decoded_is_an_error_naming_its_file_also_from_the_background_producer()
    {
        var bad = _temp.File("bad.jpg");
        File.WriteAllBytes(bad, [0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3]);
        var entries = Enumerable.Range(0, 4).Select(_ => new ImageEntry(bad, -1, 0, 0)).ToArray();
        var data = new StreamingImages(entries, 1, new StreamingOptions(8, 1.0, true, 2));
        var e = Assert.Throws<DataFormatException>(() => data.Gather([0, 1]));
        Assert.Equal(bad, e.File);
        Assert.Contains("cannot decode image", e.Message);
        var pipeline = new BatchPipeline(data, new ViewPipelines(new Normalization([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f])), 1, 2, 2);
        var fromProducer = Assert.Throws<DataFormatException>(() =>
        {
            foreach (var b in pipeline.Epoch(0, 0, 0, 2, ViewRequest.Supervised)) b.Dispose();
        });
        Assert.Equal(bad, fromProducer.File);
    }

    [Fact]
    public void A_sample_without_its_class_names_the_shard_and_the_key()
    {
        var dir = _temp.File("bad");
        Directory.CreateDirectory(dir);
        using (var tar = File.Create(Path.Combine(dir, "a.tar")))
        using (var writer = new System.Formats.Tar.TarWriter(tar))
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "x1.png")
                { DataStream = new MemoryStream([1, 2, 3]) });
        var e = Assert.Throws<DataFormatException>(() => TarShardIndex.Read(dir));
        Assert.Equal(Path.Combine(dir, "a.tar"), e.File);
        Assert.Contains("sample 'x1' has no class", e.Message);
    }

    [Fact]
    public void Webdataset_with_streaming_off_and_a_crop_fraction_out_of_range_are_config_errors_at_their_lines()
    {
        var config = _temp.File("c.toml");
        File.WriteAllText(config, "[run]\nseed = 0\n\n[data]\ndataset = \"webdataset\"\nroot = \"x\"\nstreaming = false\ncrop_fraction = 1.5\n");
        var e = Assert.Throws<ConfigException>(() => DataConfig.Load(config, []));
        Assert.Contains(e.Errors, x => x.Line == 7 && x.Message.Contains("always streamed"));
        Assert.Contains(e.Errors, x => x.Line == 8 && x.Message.Contains("crop_fraction"));
    }
}
