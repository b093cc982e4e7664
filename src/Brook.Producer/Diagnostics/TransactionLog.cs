using Brook.Producer.Transactions;
using Microsoft.Extensions.Logging;

namespace Brook.Producer.Diagnostics;

/// <summary>Transaction log events (category <see cref="LogCategories.Transactions"/>).</summary>
internal static partial class TransactionLog
{
    [LoggerMessage(EventId = LogEvents.TransactionStateChanged, EventName = nameof(LogEvents.TransactionStateChanged), Level = LogLevel.Debug,
        Message = "Transaction state of '{TransactionalId}' changed from {From} to {To}")]
    public static partial void StateChanged(ILogger logger, string transactionalId, TransactionState from, TransactionState to);
}
