using Digits.Files;
using Digits.Profiles;
using Microsoft.Data.Sqlite;

namespace Digits.Tests.Profiles;

/// <summary>The SQLite store of personal examples: what is written comes back, bad input stores nothing, the schema is versioned.</summary>
[Trait("Category", "Fast")]
public sealed class ExampleStoreTests
{
    private static byte[] Image(byte value)
    {
        var image = new byte[ExampleStore.ImageBytes];
        image[(14 * 28) + 14] = value;
        image[0] = value;
        return image;
    }

    [Fact]
    public void Add_ThenList_GivesBackEveryFieldInOrder()
    {
        using var temp = new TempFolder();
        using var store = ExampleStore.Open(temp.File("sub/examples.db"));
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);

        PersonalExample first = store.Add("me", Image(200), 1, ExampleSource.Drawing);
        PersonalExample second = store.Add("me", Image(100), 4, ExampleSource.Photo);
        store.Add("someone-else", Image(50), 7, ExampleSource.Import);

        var listed = store.List("me");
        Assert.Equal([first.Id, second.Id], listed.Select(e => e.Id));
        Assert.True(second.Id > first.Id);
        Assert.Equal([1, 4], listed.Select(e => e.Label));
        Assert.Equal([ExampleSource.Drawing, ExampleSource.Photo], listed.Select(e => e.Source));
        Assert.Equal(Image(200), listed[0].Image);
        Assert.All(listed, e => Assert.InRange(e.Created, before, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(2, store.Count("me"));
        Assert.Equal(0, store.Count("nobody"));
        var images = store.ImagesOf("me");
        Assert.Equal(2, images.Count);
        Assert.Equal([1, 4], images.Labels.Select(l => (int)l));
        Assert.Equal("ok", store.IntegrityCheck());
        Assert.Equal(3, store.SchemaVersion);
    }

    [Fact]
    public void AddOnce_TheSameKeyTwice_StoresOneExample()
    {
        using var temp = new TempFolder();
        using var store = ExampleStore.Open(temp.File("store.db"));

        var (first, added) = store.AddOnce("me", "c-1", Image(200), 3, ExampleSource.Drawing, limit: 5);
        var (again, addedAgain) = store.AddOnce("me", "c-1", Image(200), 3, ExampleSource.Drawing, limit: 5);
        var (other, _) = store.AddOnce("someone-else", "c-1", Image(100), 4, ExampleSource.Photo);

        Assert.True(added);
        Assert.False(addedAgain);
        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(1, store.Count("me"));
        Assert.Throws<ArgumentException>(() => store.AddOnce("me", "not a key!", Image(200), 3, ExampleSource.Drawing));
    }

    [Fact]
    public void Open_AVersion1Store_MigratesItKeepingItsExamples()
    {
        // Given: a store as version 1 made it (its one migration, by hand)
        using var temp = new TempFolder();
        string path = temp.File("old.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);
                INSERT INTO schema_version VALUES (1, '2026-12-01T00:00:00Z');
                CREATE TABLE examples (id INTEGER PRIMARY KEY AUTOINCREMENT, profile TEXT NOT NULL, label INTEGER NOT NULL CHECK (label BETWEEN 0 AND 9),
                    image BLOB NOT NULL CHECK (length(image) = 784), source TEXT NOT NULL CHECK (source IN ('drawing', 'photo', 'import')), created TEXT NOT NULL);
                CREATE INDEX examples_by_profile ON examples (profile, id);
                INSERT INTO examples (profile, label, image, source, created) VALUES ('me', 5, zeroblob(784), 'photo', '2026-12-01T00:00:00.0000000+00:00');
                """;
            command.ExecuteNonQuery();
        }

        // When
        using var store = ExampleStore.Open(path);

        // Then: brought to the current version, the example intact, the new table usable
        Assert.Equal(3, store.SchemaVersion);
        Assert.Equal(5, Assert.Single(store.List("me")).Label);
        Assert.Equal(store.Secret("cookies"), store.Secret("cookies"));
        Assert.NotEqual(store.Secret("cookies"), store.Secret("other"));
    }

    [Fact]
    public void Open_UsesWriteAheadLogging()
    {
        using var temp = new TempFolder();
        string path = temp.File("examples.db");
        using (ExampleStore.Open(path))
        {
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Profiles_CountEachDigit_AndDeleteStaysInsideItsProfile()
    {
        using var temp = new TempFolder();
        using var store = ExampleStore.Open(temp.File("examples.db"));
        store.Add("a", Image(1), 3, ExampleSource.Drawing);
        store.Add("a", Image(2), 3, ExampleSource.Drawing);
        PersonalExample theirs = store.Add("b", Image(3), 9, ExampleSource.Photo);

        var profiles = store.Profiles();
        Assert.Equal(["a", "b"], profiles.Select(p => p.Name));
        Assert.Equal(2, profiles[0].Count);
        Assert.Equal(2, profiles[0].PerDigit[3]);
        Assert.Equal(1, profiles[1].PerDigit[9]);

        // One profile cannot delete another's example, even knowing its id.
        Assert.False(store.Delete("a", theirs.Id));
        Assert.Equal(1, store.Count("b"));
        Assert.True(store.Delete("b", theirs.Id));
        Assert.Equal(0, store.Count("b"));
        Assert.Equal(2, store.DeleteProfile("a"));
        Assert.Empty(store.Profiles());
    }

    [Theory]
    [InlineData(10, 784, "me", "label")]
    [InlineData(-1, 784, "me", "label")]
    [InlineData(3, 783, "me", "28x28")]
    [InlineData(3, 784, "has space", "profile name")]
    [InlineData(3, 784, "", "profile name")]
    public void Add_BadInput_IsRefusedWithItsReasonAndStoresNothing(int label, int size, string profile, string reason)
    {
        using var temp = new TempFolder();
        using var store = ExampleStore.Open(temp.File("examples.db"));

        var error = Assert.ThrowsAny<ArgumentException>(() => store.Add(profile, new byte[size], label, ExampleSource.Drawing));

        Assert.Contains(reason, error.Message);
        Assert.Empty(store.Profiles());
    }

    [Fact]
    public void AddAll_WithOneBadExample_StoresNoneOfThem()
    {
        using var temp = new TempFolder();
        using var store = ExampleStore.Open(temp.File("examples.db"));
        var good = new PersonalExample(0, "me", 2, Image(9), ExampleSource.Import, DateTimeOffset.UtcNow);

        Assert.ThrowsAny<ArgumentException>(() => store.AddAll("me", [good, good, good with { Label = 11 }]));

        Assert.Equal(0, store.Count("me"));
    }

    [Fact]
    public void Add_PastTheLimit_IsRefused_EvenFromManyThreadsAtOnce()
    {
        using var temp = new TempFolder();
        using var store = ExampleStore.Open(temp.File("examples.db"));
        int refused = 0;

        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            try
            {
                store.Add("me", Image((byte)i), i % 10, ExampleSource.Drawing, limit: 25);
            }
            catch (ProfileFullException)
            {
                Interlocked.Increment(ref refused);
            }
        });

        Assert.Equal(25, store.Count("me"));
        Assert.Equal(15, refused);
    }

    [Fact]
    public void ManyProfilesWritingAtOnce_LoseNothing()
    {
        using var temp = new TempFolder();
        using var store = ExampleStore.Open(temp.File("examples.db"));

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => store.Add($"p{i % 8}", Image((byte)i), i % 10, ExampleSource.Drawing));

        Assert.All(Enumerable.Range(0, 8), p => Assert.Equal(25, store.Count($"p{p}")));
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void Open_StoreWrittenByANewerVersion_IsRefusedAndLeftAsItWas()
    {
        using var temp = new TempFolder();
        string path = temp.File("examples.db");
        using (var store = ExampleStore.Open(path))
        {
            store.Add("me", Image(1), 1, ExampleSource.Drawing);
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version, applied) VALUES (7, 'later')";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<DataFileException>(() => ExampleStore.Open(path));

        Assert.Contains("version 7", error.Message);
        Assert.Contains("newer Digits", error.Message);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Open_AFileThatIsNotADatabase_NamesItAndSaysSo()
    {
        using var temp = new TempFolder();
        string path = temp.File("notes.db");
        File.WriteAllText(path, new string('x', 5000));

        var error = Assert.Throws<DataFileException>(() => ExampleStore.Open(path));

        Assert.Contains("not an SQLite database", error.Message);
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void Open_SomeoneElsesDatabase_IsNotTakenForAStore()
    {
        using var temp = new TempFolder();
        string path = temp.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE examples (x TEXT)";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<DataFileException>(() => ExampleStore.Open(path));

        Assert.Contains("not a Digits example store", error.Message);
    }

    [Theory]
    [InlineData("/data/x", "/home/u", "/data/x/digits/examples.db")]
    [InlineData(null, "/home/u", "/home/u/.local/share/digits/examples.db")]
    [InlineData("relative/path", "/home/u", "/home/u/.local/share/digits/examples.db")]
    public void DefaultLocation_FollowsTheXdgRule(string? dataHome, string home, string expected)
    {
        string path = StoreLocation.Default(name => name switch { "XDG_DATA_HOME" => dataHome, "HOME" => home, _ => null });

        Assert.Equal(expected, path);
    }
}
