using System.Diagnostics;
using BossNas.Tests.Support;
using Xunit;

namespace BossNas.Tests.Data;

/// <summary>Streaming keeps memory independent of the number of images: 2,000 and 20,000 images train in the same peak.</summary>
public sealed class StreamingMemoryTests
{
    [Fact]
    public async Task Peak_memory_of_a_short_train_is_the_same_for_2000_and_for_20000_images()
    {
        // In memory (tmpfs) where there is one: 22,000 files are written and deleted several times faster there.
        using var temp = Directory.Exists("/dev/shm") ? new TempFolder("/dev/shm") : new TempFolder();
        // Copies of a few small JPEGs, so 22,000 files are written in seconds (what they show does not matter here).
        GeneratedImages.Copies(temp.File("small/train"), 10, 200);
        GeneratedImages.Copies(temp.File("large/train"), 10, 2000);
        foreach (var set in new[] { "small", "large" }) GeneratedImages.Copies(temp.File($"{set}/val"), 10, 4);

        long small = await PeakRss(temp, "small");
        long large = await PeakRss(temp, "large");
        // The old in-memory reader (streaming = false) fails this: 415 MB against 593 MB on the machine this was written on.
        Assert.True(Math.Abs(large - small) <= 0.1 * small,
            $"peak RSS {small / 1e6:F0} MB with 2,000 images, {large / 1e6:F0} MB with 20,000");
    }

    /// <summary>Runs <c>bossnas train</c> (30 steps of batch 32, one libtorch thread) in a child process; its peak RSS in bytes.</summary>
    private static async Task<long> PeakRss(TempFolder temp, string set)
    {
        var config = temp.File($"{set}.toml");
        File.WriteAllText(config, $"""
            [run]
            name = "{set}"
            seed = 0
            device = "cpu"
            threads = 1
            output = "{temp.File("runs")}"
            checkpoint_every = 0

            [data]
            dataset = "imagefolder"
            root = "{temp.File(set)}"
            image_size = 32
            batch_size = 32
            val_fraction = 0.01
            decode_workers = 2

            [search_space]
            plugin = "nats"
            candidate_widths = [8, 16]

            [retrain]
            epochs = 1
            max_batches_per_epoch = 30
            optimizer = "sgd"
            lr = 0.05
            """);
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "bossnas.dll"), "train", config, "--arch", "01|10|1" },
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        // VmHWM is the high-water mark of the resident set, so the last reading before the process exits is its peak.
        long peak = 0;
        var status = $"/proc/{p.Id}/status";
        while (!p.HasExited)
        {
            try
            {
                var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null) peak = Math.Max(peak, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024);
            }
            catch (IOException) { }
            await Task.Delay(20);
        }
        await p.WaitForExitAsync();
        string stderr = await err, stdout = await output;
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr}{stdout}");
        Assert.True(peak > 0, "no reading of the child's peak RSS");
        return peak;
    }
}
