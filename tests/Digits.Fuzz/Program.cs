using Digits.Fuzz;
using SharpFuzz;

// Digits.Fuzz TARGET                 run under afl-fuzz (bench/fuzz/run.sh TARGET MINUTES); once on stdin otherwise
// Digits.Fuzz replay TARGET FILE...  read each file as the fuzzer would, and say which fail
// Digits.Fuzz seed FOLDER            write the seed corpus (tests/Digits.Fuzz/corpus)
if (args is ["seed", var folder])
{
    SeedCorpus.Write(folder);
    return 0;
}

if (args is ["replay", var name, .. var files])
{
    FuzzTarget target = FuzzTargets.Named(name);
    int failed = 0;
    foreach (string file in files)
    {
        try
        {
            target.Read(File.ReadAllBytes(file));
        }
        catch (Exception ex)
        {
            failed++;
            Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    Console.WriteLine($"{files.Length - failed} of {files.Length} read without failure");
    return failed == 0 ? 0 : 1;
}

if (args is [var only])
{
    FuzzTarget target = FuzzTargets.Named(only);
    Action<Stream> read = stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        target.Read(copy.ToArray(), watchProcessMemory: target.RunsNativeCode);
    };

    // Native code can hang or end the process; in a child process that is a hang or crash found, not the end of
    // the fuzzing run (at the cost of starting a new child after each).
    if (target.RunsNativeCode)
    {
        Fuzzer.OutOfProcess.Run(read);
    }
    else
    {
        Fuzzer.Run(read);
    }

    return 0;
}

Console.Error.WriteLine($"usage: Digits.Fuzz TARGET | Digits.Fuzz replay TARGET FILE...; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
return 2;
