using BossNas.Engine.Config;
using NLog;

namespace BossNas.Engine.Data.Streaming;

/// <summary>
/// Builds the splits of a streamed image dataset (<c>imagefolder</c> or <c>webdataset</c>) from indexes only, choosing
/// the same images for each split as the in-memory loader would (the same stratified limits and validation split).
/// </summary>
internal static class StreamingLoader
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>Indexes <c>root/train</c> and <c>root/val</c> (or <c>root/test</c>) and splits them.</summary>
    /// <exception cref="DataFormatException">Missing folders, unreadable shards, or splits naming different classes.</exception>
    public static DatasetSplits Load(DataSection data, Func<string, string> resolvePath, long seed)
    {
        var folder = resolvePath(data.Root);
        var (trainDir, testDir) = DatasetLoader.SplitFolders(folder, data.Dataset);
        var (train, held, classNames) = data.Dataset == "webdataset" ? Shards(trainDir, testDir) : Folders(trainDir, testDir);
        var trainIdx = Enumerable.Range(0, train.Count).ToArray();
        var testIdx = Enumerable.Range(0, held.Count).ToArray();
        if (data.TrainLimit > 0 && data.TrainLimit < train.Count) trainIdx = Stratified(train, data.TrainLimit, seed + 11);
        if (data.TestLimit > 0 && data.TestLimit < held.Count) testIdx = Stratified(held, data.TestLimit, seed + 13);
        var labels = trainIdx.Select(i => train[i].Label).ToArray();
        var (fit, val) = RawImageSet.StratifiedSplit(labels, data.ValFraction, (ulong)seed);

        var eval = new StreamingOptions(data.ImageSize, data.CropFraction, false, data.DecodeWorkers);
        var training = eval with { RandomResizedCrop = data.TrainTransform == DataSection.RandomResizedCrop };
        int classes = classNames.Count;
        var trainSet = new StreamingImages(fit.Select(i => train[trainIdx[i]]).ToArray(), classes, training);
        var valSet = new StreamingImages(val.Select(i => train[trainIdx[i]]).ToArray(), classes, eval);
        var testSet = new StreamingImages(testIdx.Select(i => held[i]).ToArray(), classes, eval);
        var source = $"{folder} ({data.Dataset}, streamed: {train.Count + held.Count} images in {classes} classes)";
        Log.Info("Data {Source}: {Train} train, {Val} validation, {Test} test images of 3x{S}x{S}, {Classes} classes; " +
                 "decoded on {Workers} worker(s), train transform {Transform}, crop fraction {Crop}",
            source, trainSet.Count, valSet.Count, testSet.Count, data.ImageSize, data.ImageSize, classes, data.DecodeWorkers,
            data.TrainTransform, data.CropFraction);
        // Shards number their classes only: an export names no labels for them.
        return new DatasetSplits(trainSet, valSet, testSet, source, data.Dataset == "webdataset" ? null : classNames)
        {
            Crop = ("center", data.CropFraction),
        };
    }

    private static int[] Stratified(List<ImageEntry> set, int count, long seed)
    {
        var (_, keep) = RawImageSet.StratifiedSplit(set.Select(e => e.Label).ToArray(), (double)count / set.Count, (ulong)seed);
        return keep;
    }

    private static (List<ImageEntry> Train, List<ImageEntry> Held, IReadOnlyList<string> Classes) Folders(string trainDir, string testDir)
    {
        var (train, names) = ImageFolderReader.List(trainDir);
        var (held, heldNames) = ImageFolderReader.List(testDir);
        DatasetLoader.RequireSameClasses(trainDir, names, testDir, heldNames);
        static List<ImageEntry> Entries(List<(string Path, long Label)> files) =>
            files.Select(f => new ImageEntry(f.Path, -1, 0, f.Label)).ToList();
        return (Entries(train), Entries(held), names);
    }

    private static (List<ImageEntry> Train, List<ImageEntry> Held, IReadOnlyList<string> Classes) Shards(string trainDir, string testDir)
    {
        var train = TarShardIndex.Read(trainDir);
        var held = TarShardIndex.Read(testDir);
        int classes = TarShardIndex.Classes(train);
        if (held.FirstOrDefault(e => e.Label >= classes) is { File: not null } outside)
            throw new DataFormatException(outside.Name, $"class {outside.Label}, but the training shards use classes 0..{classes - 1}",
                "the classes of the training shards");
        return (train, held, Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
    }
}
