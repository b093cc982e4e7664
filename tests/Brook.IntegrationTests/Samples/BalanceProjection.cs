using Microsoft.Data.Sqlite;

namespace Brook.IntegrationTests.Samples;

/// <summary>
/// The reading side of the sample: applies each order event once per idempotency key (a duplicate published after a
/// crash is recognized and skipped) in the same database transaction as its effect.
/// </summary>
internal sealed class BalanceProjection
{
    private readonly SqliteConnection _db;

    public BalanceProjection(SqliteConnection db)
    {
        _db = db;
        using var command = _db.CreateCommand();
        command.CommandText = "CREATE TABLE applied (idempotency_key TEXT PRIMARY KEY); CREATE TABLE balance (id INTEGER PRIMARY KEY, total INTEGER NOT NULL); INSERT INTO balance VALUES (1, 0);";
        command.ExecuteNonQuery();
    }

    public long Total
    {
        get
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT total FROM balance WHERE id = 1";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Applies an event; false when its idempotency key was applied before.</summary>
    public bool Apply(string idempotencyKey, int amount)
    {
        using var transaction = _db.BeginTransaction();
        using var seen = _db.CreateCommand();
        seen.Transaction = transaction;
        seen.CommandText = "INSERT OR IGNORE INTO applied VALUES ($key)";
        seen.Parameters.AddWithValue("$key", idempotencyKey);
        if (seen.ExecuteNonQuery() == 0)
        {
            return false;
        }

        using var add = _db.CreateCommand();
        add.Transaction = transaction;
        add.CommandText = "UPDATE balance SET total = total + $amount WHERE id = 1";
        add.Parameters.AddWithValue("$amount", amount);
        add.ExecuteNonQuery();
        transaction.Commit();
        return true;
    }
}
