using System.Globalization;
using System.Text;
using Brook.Producer;
using Microsoft.Data.Sqlite;

namespace Brook.IntegrationTests.Samples;

/// <summary>
/// Sample: "database + Kafka" with idempotency keys. A database and Kafka cannot commit atomically together, so:
/// (1) the request's idempotency key is the order's primary key — a retried request inserts nothing and publishes
/// nothing; (2) the order is committed to the database first with published = 0 (an outbox flag); (3) the event is
/// published in a Kafka transaction carrying the key as a header; (4) the flag is set. A crash before (3) commits
/// leaves the order unpublished: <see cref="RecoverAsync"/> publishes it. A crash between (3) and (4) publishes it
/// twice: readers apply each idempotency key once (<see cref="BalanceProjection"/>). Net effect: exactly once.
/// </summary>
internal sealed class OrderService(SqliteConnection db, KafkaProducer<string, string> producer, string topic)
{
    public const string KeyHeader = "idempotency-key";

    /// <summary>Where a test makes the service "crash".</summary>
    public enum CrashPoint
    {
        None,
        BeforeKafkaCommit,
        AfterKafkaCommit,
    }

    public static void CreateSchema(SqliteConnection db)
    {
        using var command = db.CreateCommand();
        command.CommandText = "CREATE TABLE orders (idempotency_key TEXT PRIMARY KEY, amount INTEGER NOT NULL, published INTEGER NOT NULL)";
        command.ExecuteNonQuery();
    }

    /// <summary>Places an order once per idempotency key; false when the key was seen before (nothing is published).</summary>
    public async Task<bool> PlaceAsync(string idempotencyKey, int amount, CrashPoint crash = CrashPoint.None, CancellationToken cancellationToken = default)
    {
        using (var insert = db.CreateCommand())
        {
            insert.CommandText = "INSERT OR IGNORE INTO orders (idempotency_key, amount, published) VALUES ($key, $amount, 0)";
            insert.Parameters.AddWithValue("$key", idempotencyKey);
            insert.Parameters.AddWithValue("$amount", amount);
            if (insert.ExecuteNonQuery() == 0)
            {
                return false; // a retry of a request already accepted
            }
        }

        await PublishAsync(idempotencyKey, amount, crash, cancellationToken);
        return true;
    }

    /// <summary>After a restart: publishes every order committed to the database but not yet marked published.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var pending = new List<(string Key, int Amount)>();
        using (var select = db.CreateCommand())
        {
            select.CommandText = "SELECT idempotency_key, amount FROM orders WHERE published = 0 ORDER BY idempotency_key";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                pending.Add((reader.GetString(0), reader.GetInt32(1)));
            }
        }

        foreach (var (key, amount) in pending)
        {
            await PublishAsync(key, amount, CrashPoint.None, cancellationToken);
        }

        return pending.Count;
    }

    private async Task PublishAsync(string key, int amount, CrashPoint crash, CancellationToken cancellationToken)
    {
        producer.BeginTransaction();
        var headers = new Headers { { KeyHeader, Encoding.UTF8.GetBytes(key) } };
        _ = producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = amount.ToString(CultureInfo.InvariantCulture), Headers = headers }, cancellationToken);
        if (crash == CrashPoint.BeforeKafkaCommit)
        {
            // The process dies mid-transaction; the coordinator aborts it (here at once, in Kafka after transaction.timeout.ms).
            await producer.AbortTransactionAsync(cancellationToken);
            throw new SimulatedCrashException();
        }

        await producer.CommitTransactionAsync(cancellationToken);
        if (crash == CrashPoint.AfterKafkaCommit)
        {
            throw new SimulatedCrashException();
        }

        using var mark = db.CreateCommand();
        mark.CommandText = "UPDATE orders SET published = 1 WHERE idempotency_key = $key";
        mark.Parameters.AddWithValue("$key", key);
        mark.ExecuteNonQuery();
    }
}
