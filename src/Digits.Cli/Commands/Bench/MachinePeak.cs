using System.Diagnostics;
using Digits.Kernels;

namespace Digits.Cli.Commands.Bench;

/// <summary>
/// The machine's practical peak for our inner loop: pixel comparisons per second (one byte of each image,
/// subtracted, squared and summed) of the squared-distance kernel on cache-resident data, on all cores.
/// </summary>
internal static class MachinePeak
{
    public static double PixelComparisonsPerSecond(TimeSpan duration)
    {
        var random = new Random(1);
        byte[] data = new byte[64 * 784];
        random.NextBytes(data);
        long total = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, _ =>
        {
            long local = 0;
            int sink = 0;
            while (clock.Elapsed < duration)
            {
                for (int i = 0; i < 63; i++)
                {
                    sink += ByteDistance.SquaredL2(data.AsSpan(i * 784, 784), data.AsSpan((i + 1) * 784, 784));
                }

                local += 63 * 784;
            }

            Interlocked.Add(ref total, local + (sink & 0));
        });
        return total / clock.Elapsed.TotalSeconds;
    }
}
