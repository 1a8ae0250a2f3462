using System.Runtime.CompilerServices;
using BossNas.Engine.Data;
using Xunit;

namespace BossNas.Tests.Data;

/// <summary>Checks the Fashion-MNIST subset committed under data/ reads back as the script describes.</summary>
public sealed class FashionMnistSubsetTests
{
    /// <summary>
    /// data/fashion-mnist-subset, searched above the test binaries and then above this source file
    /// (the latter lets a build folder outside the repo work; the former survives path-mapped CI builds).
    /// </summary>
    private static string SubsetFolder([CallerFilePath] string source = "")
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) }.OfType<string>().Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "data", "fashion-mnist-subset");
                if (Directory.Exists(candidate))
                    return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no data/fashion-mnist-subset above {AppContext.BaseDirectory} or {source}");
    }

    [Fact]
    public void CommittedSubsetIsStratifiedAndReadable()
    {
        var files = IdxReader.FindFashionMnist(SubsetFolder());
        Assert.NotNull(files);

        var (train, test) = IdxReader.ReadFashionMnist(files);

        Assert.Equal((4000, 1, 28, 28), (train.Count, train.Channels, train.Height, train.Width));
        Assert.Equal(1000, test.Count);
        Assert.All(train.Labels.GroupBy(l => l), g => Assert.Equal(400, g.Count()));
        Assert.All(test.Labels.GroupBy(l => l), g => Assert.Equal(100, g.Count()));
        Assert.Equal("Ankle boot", train.ClassNames[9]);
    }
}
