using Microsoft.Data.Sqlite;

namespace Digits.Profiles;

/// <summary>
/// The example store's tables, built by numbered migrations. <c>schema_version</c> records each migration
/// applied; opening a store applies the missing ones in one transaction, and refuses a store whose version is
/// newer than this program knows (it was written by a later Digits, and writing to it could lose data).
/// </summary>
internal static class StoreSchema
{
    // Migration n brings a store from version n - 1 to n. Never edit one that has shipped: add the next.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE examples (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            profile TEXT NOT NULL,
            label INTEGER NOT NULL CHECK (label BETWEEN 0 AND 9),
            image BLOB NOT NULL CHECK (length(image) = 784),
            source TEXT NOT NULL CHECK (source IN ('drawing', 'photo', 'import')),
            created TEXT NOT NULL
        );
        CREATE INDEX examples_by_profile ON examples (profile, id);
        """,
        """
        CREATE TABLE secrets (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL
        );
        """,
        """
        ALTER TABLE examples ADD COLUMN client_key TEXT;
        CREATE UNIQUE INDEX examples_by_client_key ON examples (profile, client_key) WHERE client_key IS NOT NULL;
        """,
    ];

    /// <summary>Gets the schema version this program writes.</summary>
    public static int Current => Migrations.Length;

    /// <summary>Brings the store up to <see cref="Current"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="path">The store's file, for messages.</param>
    /// <exception cref="Files.DataFileException">The store is newer than this program, or not a Digits store.</exception>
    public static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
        int version = VersionOf(connection, transaction);
        if (version > Current)
        {
            throw new Files.DataFileException(path, $"is an example store of schema version {version}, written by a newer Digits; this program reads versions up to {Current}. Update Digits, or use another --store");
        }

        if (version == 0 && TableExists(connection, transaction, "examples"))
        {
            throw new Files.DataFileException(path, "is an SQLite database, but not a Digits example store (it has an 'examples' table and no schema version)");
        }

        for (int next = version + 1; next <= Current; next++)
        {
            Execute(connection, transaction, Migrations[next - 1]);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, applied) VALUES ($version, $applied)";
            record.Parameters.AddWithValue("$version", next);
            record.Parameters.AddWithValue("$applied", DateTimeOffset.UtcNow.ToString("O"));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Reads the store's schema version (0 for a new store).</summary>
    public static int VersionOf(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool TableExists(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
