// Writes a small stratified Fashion-MNIST subset (gzip IDX) that the repo can ship, so tests and demos
// run on real images without the 30 MB download.
//
// usage: dotnet run --project scripts/MakeFashionSubset -- [source-folder] [--train N] [--test N] [--seed S] [--out folder]
//   source-folder  folder with the four Fashion-MNIST files (default /usr/share/datasets/fashion-mnist,
//                  from Debian's dataset-fashion-mnist package)
//   --train/--test images to keep per split (default 4000 / 1000), held out per class in proportion
//   --seed         shuffle seed (default 0)
//   --out          destination (default data/fashion-mnist-subset under the repo root)
using System.Diagnostics;
using System.Globalization;
using BossNas.Engine.Data;
using BossNas.Scripts;

string? source = null;
int trainCount = 4000, testCount = 1000;
ulong seed = 0;
string? output = null;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--train": trainCount = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--test": testCount = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--out": output = Value(); break;
        default:
            if (args[i].StartsWith('-') || source is not null)
            {
                Console.Error.WriteLine($"unexpected argument '{args[i]}'; see the usage at the top of Program.cs");
                return 2;
            }
            source = args[i];
            break;
    }
}

var files = IdxReader.FindFashionMnist(source);
if (files is null)
{
    Console.Error.WriteLine($"no Fashion-MNIST files in {source ?? IdxReader.DefaultFashionMnistRoot} " +
        "(install Debian's dataset-fashion-mnist or pass the folder)");
    return 1;
}
output ??= Path.Combine(RepoRoot.Find(), "data", "fashion-mnist-subset");
Directory.CreateDirectory(output);

var clock = Stopwatch.StartNew();
var (train, test) = IdxReader.ReadFashionMnist(files);
Console.WriteLine($"read {train.Count} train + {test.Count} test images in {clock.ElapsedMilliseconds} ms");

var trainSubset = Pick(train, trainCount);
var testSubset = Pick(test, testCount);
Write(trainSubset, "train");
Write(testSubset, "t10k");
File.WriteAllText(Path.Combine(output, "LICENSE-fashion-mnist.txt"), Notices.License);
File.WriteAllText(Path.Combine(output, "README.md"), Notices.Readme(trainSubset.Count, testSubset.Count, seed));

foreach (var file in new DirectoryInfo(output).GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
    Console.WriteLine($"{file.Length,10}  {file.FullName}");
return 0;

// A stratified hold-out of the wanted size is exactly the per-class proportional sample we need.
RawImageSet Pick(RawImageSet set, int count)
{
    var (_, kept) = RawImageSet.StratifiedSplit(set.Labels, Math.Min(1.0, (double)count / set.Count), seed);
    return set.Subset(kept);
}

void Write(RawImageSet set, string prefix)
{
    IdxReader.WriteImages(Path.Combine(output, $"{prefix}-images-idx3-ubyte.gz"), set, gzip: true);
    IdxReader.WriteLabels(Path.Combine(output, $"{prefix}-labels-idx1-ubyte.gz"), set, gzip: true);
    Console.WriteLine($"{prefix}: {set.Count} images, per class " +
        string.Join(" ", set.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count())));
}
