using BossNas.Engine.Config;
using NLog;

namespace BossNas.Engine.Data;

/// <summary>Reads the configured dataset, picks its source, and splits it into train, validation and test.</summary>
internal static class DatasetLoader
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>Folder of the Fashion-MNIST subset shipped with the framework (copied beside the executable).</summary>
    public static string ShippedSubset => Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset");

    /// <summary>Loads the splits for <paramref name="data"/>; <paramref name="seed"/> fixes the validation split.</summary>
    /// <exception cref="DataFormatException">Missing or corrupt files.</exception>
    public static DatasetSplits Load(DataSection data, Func<string, string> resolvePath, long seed)
    {
        if (data.Streams)
        {
            RequireRoot(data);
            return Streaming.StreamingLoader.Load(data, resolvePath, seed);
        }
        var (train, test) = ReadRaw(data, resolvePath, seed);
        if (data.TrainLimit > 0 && data.TrainLimit < train.Count) train = Stratified(train, data.TrainLimit, seed + 11);
        if (data.TestLimit > 0 && data.TestLimit < test.Count) test = Stratified(test, data.TestLimit, seed + 13);
        var (trainIdx, valIdx) = RawImageSet.StratifiedSplit(train.Labels, data.ValFraction, (ulong)seed);
        var val = train.Subset(valIdx);
        train = train.Subset(trainIdx);
        Log.Info("Data {Source}: {Train} train, {Val} validation, {Test} test images of {C}x{H}x{W}, {Classes} classes",
            train.Source, train.Count, val.Count, test.Count, train.Channels, train.Height, train.Width, train.ClassNames.Count);
        // Synthetic classes are only numbered: an export names no labels for them.
        var labelNames = data.Dataset == "synthetic" ? null : train.ClassNames;
        return new DatasetSplits(new ImageTensors(train), new ImageTensors(val), new ImageTensors(test), train.Source, labelNames);
    }

    private static RawImageSet Stratified(RawImageSet set, int count, long seed)
    {
        var (_, keep) = RawImageSet.StratifiedSplit(set.Labels, (double)count / set.Count, (ulong)seed);
        return set.Subset(keep);
    }

    private static (RawImageSet Train, RawImageSet Test) ReadRaw(DataSection data, Func<string, string> resolvePath, long seed)
    {
        switch (data.Dataset)
        {
            case "fashion-mnist":
                return IdxReader.ReadFashionMnist(FindFashionMnist(data.Root, resolvePath));
            case "cifar10":
                RequireRoot(data);
                var root = resolvePath(data.Root);
                return (CifarReader.ReadTrain(root), CifarReader.ReadTest(root));
            case "imagefolder":
                RequireRoot(data);
                var reader = new ImageFolderReader(data.ImageSize, data.ImageSize);
                var (trainDir, testDir) = SplitFolders(resolvePath(data.Root), data.Dataset);
                var train = reader.Read(trainDir);
                var held = reader.Read(testDir);
                RequireSameClasses(trainDir, train.ClassNames, testDir, held.ClassNames);
                return (train, held);
            case "synthetic":
                int n = data.SyntheticCount;
                return (SyntheticImages.Generate(n, data.SyntheticChannels, data.SyntheticSize, data.SyntheticClasses, (ulong)seed),
                    SyntheticImages.Generate(Math.Max(data.SyntheticClasses, n / 4), data.SyntheticChannels, data.SyntheticSize,
                        data.SyntheticClasses, (ulong)seed + 1));
            default:
                throw new ArgumentException($"unknown dataset '{data.Dataset}'");
        }
    }

    /// <summary>The train folder and the held-out folder (<c>val/</c>, else <c>test/</c>) of an image dataset.</summary>
    /// <exception cref="DataFormatException">Either is missing.</exception>
    public static (string Train, string Held) SplitFolders(string folder, string dataset)
    {
        var trainDir = Path.Combine(folder, "train");
        var testDir = Directory.Exists(Path.Combine(folder, "val")) ? Path.Combine(folder, "val") : Path.Combine(folder, "test");
        if (!Directory.Exists(trainDir) || !Directory.Exists(testDir))
            throw dataset == "webdataset"
                ? new DataFormatException(folder, "missing train/ and val/ (or test/) shard folders", "<root>/train/*.tar and <root>/val/*.tar")
                : new DataFormatException(folder, "missing train/ and val/ (or test/) class folders",
                    "<root>/train/<class>/*.png and <root>/val/<class>/*.png");
        return (trainDir, testDir);
    }

    /// <summary>Labels are class indices in name order: the splits must name the same classes or labels misalign.</summary>
    public static void RequireSameClasses(string trainDir, IReadOnlyList<string> trainClasses, string testDir, IReadOnlyList<string> heldClasses)
    {
        if (trainClasses.SequenceEqual(heldClasses)) return;
        var onlyTrain = trainClasses.Except(heldClasses).ToList();
        var onlyHeld = heldClasses.Except(trainClasses).ToList();
        throw new DataFormatException(testDir,
            $"its classes differ from {trainDir}'s: only in train [{string.Join(", ", onlyTrain)}], " +
            $"only in {Path.GetFileName(testDir)} [{string.Join(", ", onlyHeld)}]",
            "the same class subfolders in every split");
    }

    private static void RequireRoot(DataSection data)
    {
        if (string.IsNullOrEmpty(data.Root))
            throw new DataFormatException("[data] root", $"dataset '{data.Dataset}' needs a folder", "root = \"<folder>\"");
    }

    private static FashionMnistFiles FindFashionMnist(string root, Func<string, string> resolvePath)
    {
        // The configured folder, then the Debian package, then the subset shipped with the framework.
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(root)) candidates.Add(resolvePath(root));
        candidates.Add(IdxReader.DefaultFashionMnistRoot);
        candidates.Add(ShippedSubset);
        foreach (var c in candidates)
        {
            if (IdxReader.FindFashionMnist(c) is { } files)
            {
                if (c == ShippedSubset) Log.Warn("Using the Fashion-MNIST subset shipped with the framework ({Folder}); " +
                                                 "apt-get install dataset-fashion-mnist for the full set", c);
                return files;
            }
            if (c == candidates[0] && !string.IsNullOrEmpty(root))
                throw new DataFormatException(c, "Fashion-MNIST files not found",
                    "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]");
        }
        throw new DataFormatException(ShippedSubset, "no Fashion-MNIST found (not even the shipped subset)", "IDX files");
    }
}
