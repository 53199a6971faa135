using System.Globalization;
using Digits.Files;
using Digits.Images;
using Microsoft.Data.Sqlite;

namespace Digits.Profiles;

/// <summary>
/// Users' own examples, by profile, in one SQLite database file (WAL mode, full synchronous commits): every
/// write is one transaction, so a crash never loses an acknowledged example or leaves half of one, and many
/// requests, threads or processes may use the store at once. Open with <see cref="Open"/>; thread-safe.
/// </summary>
public sealed class ExampleStore : IDisposable
{
    /// <summary>The size of each example's image: 28x28 grey values.</summary>
    public const int ImageBytes = 28 * 28;

    private readonly string _connectionString;

    private ExampleStore(string path, string connectionString)
    {
        Path = path;
        _connectionString = connectionString;
    }

    /// <summary>Gets the database file.</summary>
    public string Path { get; }

    /// <summary>Opens the store at <paramref name="path"/>, creating it (and its folder) when missing and bringing its schema up to date.</summary>
    /// <param name="path">The database file, for example <see cref="StoreLocation.Default"/>.</param>
    /// <returns>The store.</returns>
    /// <exception cref="DataFileException">The file is not a Digits store, was written by a newer Digits, or cannot be opened; the message names it.</exception>
    public static ExampleStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(full, $"its folder cannot be created ({ex.Message})", ex);
        }

        string connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var store = new ExampleStore(full, connectionString);
        store.Run(connection =>
        {
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL";
                wal.ExecuteNonQuery();
            }

            StoreSchema.Migrate(connection, full);
            return 0;
        });
        return store;
    }

    /// <summary>Gets the store's schema version.</summary>
    public int SchemaVersion => Run(connection => StoreSchema.VersionOf(connection));

    /// <summary>Adds one example to <paramref name="profile"/>.</summary>
    /// <param name="profile">The profile (see <see cref="ProfileName"/>); it is created by its first example.</param>
    /// <param name="image">784 grey values, light ink on black, as the models read digits.</param>
    /// <param name="label">The digit it is.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="limit">The most examples the profile may hold, or null for no limit; checked in the same transaction as the write.</param>
    /// <returns>The example as stored.</returns>
    /// <exception cref="ArgumentException">The profile name, image size or label is not valid.</exception>
    /// <exception cref="ProfileFullException">The profile already holds <paramref name="limit"/> examples.</exception>
    /// <exception cref="DataFileException">The store cannot be written.</exception>
    public PersonalExample Add(string profile, ReadOnlySpan<byte> image, int label, ExampleSource source, int? limit = null)
    {
        var example = Validate(profile, image.ToArray(), label, source, DateTimeOffset.UtcNow);
        return AddAll(profile, [example], limit)[0];
    }

    /// <summary>
    /// Adds an example that a client may send more than once (a correction queued offline and sent again after a
    /// lost answer): the first time with <paramref name="clientKey"/> it is stored; later times the example stored
    /// then is returned and nothing is written.
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <param name="clientKey">The client's name for this correction, 1 to 64 letters, digits, '-' or '_'.</param>
    /// <param name="image">784 bytes, the 28x28 input.</param>
    /// <param name="label">The digit it really is.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="limit">The most examples the profile may hold, or null for no limit.</param>
    /// <returns>The example as stored, and whether this call stored it.</returns>
    /// <exception cref="ArgumentException">A profile name, key, image size or label is not valid.</exception>
    /// <exception cref="ProfileFullException">The profile already holds <paramref name="limit"/> examples.</exception>
    public (PersonalExample Example, bool Added) AddOnce(string profile, string clientKey, ReadOnlySpan<byte> image, int label, ExampleSource source, int? limit = null)
    {
        ProfileName.Check(profile);
        if (!IsClientKey(clientKey))
        {
            throw new ArgumentException("A correction's key is 1 to 64 letters, digits, '-' or '_'.", nameof(clientKey));
        }

        var example = Validate(profile, image.ToArray(), label, source, DateTimeOffset.UtcNow);
        return Run(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var find = connection.CreateCommand())
            {
                find.Transaction = transaction;
                find.CommandText = "SELECT id, label, image, source, created FROM examples WHERE profile = $profile AND client_key = $key";
                find.Parameters.AddWithValue("$profile", profile);
                find.Parameters.AddWithValue("$key", clientKey);
                using var reader = find.ExecuteReader();
                if (reader.Read())
                {
                    return (Row(reader, profile), false);
                }
            }

            PersonalExample stored = Insert(connection, transaction, profile, [example], limit, clientKey)[0];
            transaction.Commit();
            return (stored, true);
        });
    }

    /// <summary>Whether <paramref name="key"/> can name a correction: 1 to 64 letters, digits, '-' or '_'.</summary>
    internal static bool IsClientKey(string? key)
        => key is { Length: > 0 and <= 64 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Adds several examples to <paramref name="profile"/> in one transaction: all of them or, on any error, none.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="examples">The examples (their <see cref="PersonalExample.Id"/> and <see cref="PersonalExample.Profile"/> are ignored).</param>
    /// <param name="limit">The most examples the profile may hold afterwards, or null for no limit.</param>
    /// <returns>The examples as stored, with their ids.</returns>
    /// <exception cref="ArgumentException">A profile name, image size or label is not valid.</exception>
    /// <exception cref="ProfileFullException">The examples would take the profile past <paramref name="limit"/>.</exception>
    /// <exception cref="DataFileException">The store cannot be written.</exception>
    public IReadOnlyList<PersonalExample> AddAll(string profile, IReadOnlyList<PersonalExample> examples, int? limit = null)
    {
        ProfileName.Check(profile);
        ArgumentNullException.ThrowIfNull(examples);
        var valid = examples.Select(e => Validate(profile, e.Image, e.Label, e.Source, e.Created)).ToArray();
        return Run(connection =>
        {
            // IMMEDIATE: the count and the writes happen under one write lock, so concurrent writers cannot both pass the limit.
            using var transaction = connection.BeginTransaction(deferred: false);
            var stored = Insert(connection, transaction, profile, valid, limit, clientKey: null);
            transaction.Commit();
            return stored;
        });
    }

    // Inserts valid examples in the caller's transaction, after checking that they keep the profile within `limit`;
    // `clientKey` (for one example) is the key a client sent it with.
    private static List<PersonalExample> Insert(SqliteConnection connection, SqliteTransaction transaction, string profile, PersonalExample[] valid, int? limit, string? clientKey)
    {
        if (limit is int most && CountOf(connection, transaction, profile) + valid.Length > most)
        {
            throw new ProfileFullException(profile, most);
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO examples (profile, label, image, source, created, client_key) VALUES ($profile, $label, $image, $source, $created, $key) RETURNING id";
        var pProfile = insert.Parameters.Add("$profile", SqliteType.Text);
        var pLabel = insert.Parameters.Add("$label", SqliteType.Integer);
        var pImage = insert.Parameters.Add("$image", SqliteType.Blob);
        var pSource = insert.Parameters.Add("$source", SqliteType.Text);
        var pCreated = insert.Parameters.Add("$created", SqliteType.Text);
        insert.Parameters.Add("$key", SqliteType.Text).Value = (object?)clientKey ?? DBNull.Value;
        var stored = new List<PersonalExample>(valid.Length);
        foreach (PersonalExample e in valid)
        {
            pProfile.Value = profile;
            pLabel.Value = e.Label;
            pImage.Value = e.Image;
            pSource.Value = SourceName(e.Source);
            pCreated.Value = e.Created.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
            long id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
            stored.Add(e with { Id = id, Profile = profile });
        }

        return stored;
    }

    /// <summary>Lists a profile's examples, oldest first.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>Its examples; none for a profile that does not exist.</returns>
    public IReadOnlyList<PersonalExample> List(string profile)
    {
        ProfileName.Check(profile);
        return Run(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, label, image, source, created FROM examples WHERE profile = $profile ORDER BY id";
            command.Parameters.AddWithValue("$profile", profile);
            using var reader = command.ExecuteReader();
            var examples = new List<PersonalExample>();
            while (reader.Read())
            {
                examples.Add(Row(reader, profile));
            }

            return examples;
        });
    }

    // A row of "SELECT id, label, image, source, created".
    private static PersonalExample Row(SqliteDataReader reader, string profile) => new(
        reader.GetInt64(0),
        profile,
        reader.GetInt32(1),
        (byte[])reader.GetValue(2),
        ParseSource(reader.GetString(3)),
        DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    /// <summary>A profile's examples as a labelled image set, oldest first, for <see cref="Models.PersonalModel.WithExamples"/>.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The images and labels (empty for a profile with no examples).</returns>
    public LabeledImages ImagesOf(string profile) => ToImages(List(profile));

    /// <summary>Turns examples into a labelled image set, in their order.</summary>
    /// <param name="examples">The examples.</param>
    /// <returns>Their images and labels.</returns>
    public static LabeledImages ToImages(IReadOnlyList<PersonalExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        byte[] pixels = new byte[examples.Count * ImageBytes];
        for (int i = 0; i < examples.Count; i++)
        {
            examples[i].Image.CopyTo(pixels, i * ImageBytes);
        }

        return new LabeledImages(new ImageSet(pixels, examples.Count, 28, 28), examples.Select(e => (byte)e.Label).ToArray());
    }

    /// <summary>Counts a profile's examples.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The count (0 for a profile that does not exist).</returns>
    public int Count(string profile)
    {
        ProfileName.Check(profile);
        return Run(connection => CountOf(connection, null, profile));
    }

    /// <summary>
    /// Gets a stamp that changes whenever the profile's examples change (their count and newest id), so a
    /// personal model built from them can be kept until it does.
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The stamp.</returns>
    public (int Count, long Newest) Stamp(string profile)
    {
        ProfileName.Check(profile);
        return Run(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM examples WHERE profile = $profile";
            command.Parameters.AddWithValue("$profile", profile);
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt32(0), reader.GetInt64(1));
        });
    }

    /// <summary>Deletes one example of a profile.</summary>
    /// <param name="profile">The profile it must belong to (no profile can delete another's examples).</param>
    /// <param name="id">The example's id.</param>
    /// <returns>Whether it existed in that profile and was deleted.</returns>
    public bool Delete(string profile, long id)
    {
        ProfileName.Check(profile);
        return Run(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM examples WHERE profile = $profile AND id = $id";
            command.Parameters.AddWithValue("$profile", profile);
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() == 1;
        });
    }

    /// <summary>Deletes a profile and all its examples.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>How many examples were deleted (0 when the profile did not exist).</returns>
    public int DeleteProfile(string profile)
    {
        ProfileName.Check(profile);
        return Run(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM examples WHERE profile = $profile";
            command.Parameters.AddWithValue("$profile", profile);
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>Lists every profile with its examples' counts per digit, by name.</summary>
    /// <returns>The profiles.</returns>
    public IReadOnlyList<ProfileSummary> Profiles() => Run(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT profile, label, COUNT(*), MAX(created) FROM examples GROUP BY profile, label ORDER BY profile";
        using var reader = command.ExecuteReader();
        var profiles = new List<ProfileSummary>();
        while (reader.Read())
        {
            string name = reader.GetString(0);
            var last = DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            if (profiles.Count == 0 || profiles[^1].Name != name)
            {
                profiles.Add(new ProfileSummary(name, 0, new int[10], last));
            }

            ProfileSummary current = profiles[^1];
            int count = reader.GetInt32(2);
            current.PerDigit[reader.GetInt32(1)] = count;
            profiles[^1] = current with { Count = current.Count + count, LastTaught = last > current.LastTaught ? last : current.LastTaught };
        }

        return (IReadOnlyList<ProfileSummary>)profiles;
    });

    /// <summary>
    /// Gets a random secret kept in the store under <paramref name="name"/>, made on first use (the web app signs
    /// its profile cookies with one, so a cookie is valid exactly as long as the store that holds the profile).
    /// </summary>
    /// <param name="name">What the secret is for.</param>
    /// <returns>32 random bytes, the same every time for this store.</returns>
    public byte[] Secret(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Run(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT OR IGNORE INTO secrets (name, value) VALUES ($name, $value)";
                insert.Parameters.AddWithValue("$name", name);
                insert.Parameters.AddWithValue("$value", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                insert.ExecuteNonQuery();
            }

            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT value FROM secrets WHERE name = $name";
            select.Parameters.AddWithValue("$name", name);
            byte[] value = (byte[])select.ExecuteScalar()!;
            transaction.Commit();
            return value;
        });
    }

    /// <summary>Checks the database file's integrity (SQLite's <c>PRAGMA integrity_check</c>).</summary>
    /// <returns>"ok", or SQLite's list of problems.</returns>
    public string IntegrityCheck() => Run(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    });

    /// <summary>Closes the store's pooled connections (the file can then be moved or deleted).</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal static string SourceName(ExampleSource source) => source switch
    {
        ExampleSource.Drawing => "drawing",
        ExampleSource.Photo => "photo",
        ExampleSource.Import => "import",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "not a known example source"),
    };

    internal static ExampleSource ParseSource(string name) => name switch
    {
        "drawing" => ExampleSource.Drawing,
        "photo" => ExampleSource.Photo,
        "import" => ExampleSource.Import,
        _ => throw new FormatException($"\"{name}\" is not a known example source"),
    };

    private static PersonalExample Validate(string profile, byte[] image, int label, ExampleSource source, DateTimeOffset created)
    {
        ProfileName.Check(profile);
        if (image is null || image.Length != ImageBytes)
        {
            throw new ArgumentException($"an example's image must be 28x28 ({ImageBytes} values), got {image?.Length ?? 0}", nameof(image));
        }

        if (label is < 0 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"an example's label must be a digit 0-9, got {label}");
        }

        SourceName(source);
        return new PersonalExample(0, profile, label, image, source, created);
    }

    private static int CountOf(SqliteConnection connection, SqliteTransaction? transaction, string profile)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM examples WHERE profile = $profile";
        command.Parameters.AddWithValue("$profile", profile);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    // Opens a pooled connection with durable commits and runs work on it; SQLite's errors name the store.
    private T Run<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA synchronous = FULL";
                pragmas.ExecuteNonQuery();
            }

            return work(connection);
        }
        catch (SqliteException ex)
        {
            string problem = ex.SqliteErrorCode switch
            {
                26 => "is not an SQLite database (is --store the right file?)", // SQLITE_NOTADB
                11 => "is corrupt (SQLite: database disk image is malformed)", // SQLITE_CORRUPT
                13 => "cannot be written: the disk is full", // SQLITE_FULL
                14 => "cannot be opened (check the folder exists and may be written)", // SQLITE_CANTOPEN
                8 => "is read-only here", // SQLITE_READONLY
                _ => $"cannot be used (SQLite error {ex.SqliteErrorCode}: {ex.Message})",
            };
            throw new DataFileException(Path, problem, ex);
        }
    }
}
