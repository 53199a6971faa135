using Digits.Fuzz;

namespace Digits.Tests.Fuzz;

/// <summary>
/// Replays the fuzzing corpus (tests/Digits.Fuzz/corpus: the seeds) and every input the fuzzer found to crash or
/// hang a reader (tests/Digits.Fuzz/found), through the same targets <c>bench/fuzz/run.sh</c> fuzzes: each must
/// now be read, or refused with the reader's own error, promptly and without allocating over 200 MB.
/// </summary>
[Trait("Category", "Fast")]
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(target => target.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task EveryCorpusAndFoundInputIsReadOrRefusedWithTheReadersOwnError(string name)
    {
        FuzzTarget target = FuzzTargets.Named(name);
        string[] inputs = Inputs(name);
        Assert.NotEmpty(inputs);
        var failures = new List<string>();
        foreach (string input in inputs)
        {
            byte[] bytes = await File.ReadAllBytesAsync(input);
            try
            {
                // A hang under the fuzzer is an input over 1 s; a loaded test machine gets ten times that. The read
                // has a thread of its own: queued on a thread pool that the other tests keep busy, a 438-byte BMP
                // header once waited past the limit.
                await Task.Factory.StartNew(() => target.Read(bytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                failures.Add($"{Path.GetFileName(input)}: still reading after 10 s");
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(input)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryTargetHasSeeds()
    {
        foreach (FuzzTarget target in FuzzTargets.All)
        {
            Assert.True(Directory.Exists(Folder("corpus", target.Name)), $"no seed corpus for {target.Name}");
        }
    }

    [Fact]
    public void AnUndocumentedExceptionIsAFailure()
    {
        var target = new FuzzTarget("throws", _ => throw new InvalidOperationException(), typeof(FormatException));
        Assert.Throws<InvalidOperationException>(() => target.Read([1]));
        var refuses = new FuzzTarget("refuses", _ => throw new FormatException(), typeof(FormatException));
        refuses.Read([1]);
    }

    [Fact]
    public void AllocatingOver200MegabytesForASmallInputIsAFailure()
    {
        var greedy = new FuzzTarget("greedy", _ => GC.KeepAlive(new byte[210 * 1024 * 1024]), null);
        Assert.Throws<FuzzFailureException>(() => greedy.Read([1]));
    }

    private static string[] Inputs(string target)
        => new[] { Folder("corpus", target), Folder("found", target) }
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string Folder(string kind, string target) => Path.Combine(TestPaths.RepositoryRoot, "tests", "Digits.Fuzz", kind, target);
}
