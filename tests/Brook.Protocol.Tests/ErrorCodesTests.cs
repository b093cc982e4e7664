using Brook.Protocol.Errors;

namespace Brook.Protocol.Tests;

public sealed class ErrorCodesTests
{
    // Spot checks against the protocol guide's "Error Codes" table (kafka.apache.org/protocol#protocol_error_codes).
    [Theory]
    [InlineData(-1, "UNKNOWN_SERVER_ERROR", false)]
    [InlineData(0, "NONE", false)]
    [InlineData(1, "OFFSET_OUT_OF_RANGE", false)]
    [InlineData(2, "CORRUPT_MESSAGE", true)]
    [InlineData(3, "UNKNOWN_TOPIC_OR_PARTITION", true)]
    [InlineData(5, "LEADER_NOT_AVAILABLE", true)]
    [InlineData(6, "NOT_LEADER_OR_FOLLOWER", true)]
    [InlineData(7, "REQUEST_TIMED_OUT", true)]
    [InlineData(8, "BROKER_NOT_AVAILABLE", false)]
    [InlineData(9, "REPLICA_NOT_AVAILABLE", true)]
    [InlineData(10, "MESSAGE_TOO_LARGE", false)]
    [InlineData(13, "NETWORK_EXCEPTION", true)]
    [InlineData(14, "COORDINATOR_LOAD_IN_PROGRESS", true)]
    [InlineData(15, "COORDINATOR_NOT_AVAILABLE", true)]
    [InlineData(16, "NOT_COORDINATOR", true)]
    [InlineData(18, "RECORD_LIST_TOO_LARGE", false)]
    [InlineData(19, "NOT_ENOUGH_REPLICAS", true)]
    [InlineData(20, "NOT_ENOUGH_REPLICAS_AFTER_APPEND", true)]
    [InlineData(21, "INVALID_REQUIRED_ACKS", false)]
    [InlineData(27, "REBALANCE_IN_PROGRESS", false)]
    [InlineData(29, "TOPIC_AUTHORIZATION_FAILED", false)]
    [InlineData(35, "UNSUPPORTED_VERSION", false)]
    [InlineData(41, "NOT_CONTROLLER", true)]
    [InlineData(45, "OUT_OF_ORDER_SEQUENCE_NUMBER", false)]
    [InlineData(46, "DUPLICATE_SEQUENCE_NUMBER", false)]
    [InlineData(47, "INVALID_PRODUCER_EPOCH", false)]
    [InlineData(48, "INVALID_TXN_STATE", false)]
    [InlineData(49, "INVALID_PRODUCER_ID_MAPPING", false)]
    [InlineData(51, "CONCURRENT_TRANSACTIONS", true)]
    [InlineData(53, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", false)]
    [InlineData(56, "KAFKA_STORAGE_ERROR", true)]
    [InlineData(59, "UNKNOWN_PRODUCER_ID", false)]
    [InlineData(74, "FENCED_LEADER_EPOCH", true)]
    [InlineData(75, "UNKNOWN_LEADER_EPOCH", true)]
    [InlineData(78, "OFFSET_NOT_AVAILABLE", true)]
    [InlineData(79, "MEMBER_ID_REQUIRED", false)]
    [InlineData(82, "FENCED_INSTANCE_ID", false)]
    [InlineData(87, "INVALID_RECORD", false)]
    [InlineData(88, "UNSTABLE_OFFSET_COMMIT", true)]
    [InlineData(89, "THROTTLING_QUOTA_EXCEEDED", true)]
    [InlineData(90, "PRODUCER_FENCED", false)]
    [InlineData(100, "UNKNOWN_TOPIC_ID", true)]
    [InlineData(105, "TRANSACTIONAL_ID_NOT_FOUND", false)]
    [InlineData(120, "TRANSACTION_ABORTABLE", false)]
    [InlineData(129, "REBOOTSTRAP_REQUIRED", false)]
    [InlineData(133, "SHARE_SESSION_LIMIT_REACHED", true)]
    public void Get_MatchesPublishedTable(short code, string name, bool retriable)
    {
        var info = ErrorCodes.Get((ErrorCode)code);

        Assert.Equal(code, (short)info.Code);
        Assert.Equal(name, info.Name);
        Assert.Equal(retriable, info.IsRetriable);
        Assert.Equal(retriable, ErrorCodes.IsRetriable((ErrorCode)code));
        Assert.Equal(name, ErrorCodes.Name((ErrorCode)code));
        Assert.False(string.IsNullOrWhiteSpace(info.Description));
    }

    [Fact]
    public void EnumMembers_HaveTheWireValuesOfTheirKafkaNames()
    {
        Assert.Equal(-1, (short)ErrorCode.UnknownServerError);
        Assert.Equal(0, (short)ErrorCode.None);
        Assert.Equal(6, (short)ErrorCode.NotLeaderOrFollower);
        Assert.Equal(19, (short)ErrorCode.NotEnoughReplicas);
        Assert.Equal(20, (short)ErrorCode.NotEnoughReplicasAfterAppend);
        Assert.Equal(45, (short)ErrorCode.OutOfOrderSequenceNumber);
        Assert.Equal(46, (short)ErrorCode.DuplicateSequenceNumber);
        Assert.Equal(47, (short)ErrorCode.InvalidProducerEpoch);
        Assert.Equal(90, (short)ErrorCode.ProducerFenced);
        Assert.Equal(120, (short)ErrorCode.TransactionAbortable);
    }

    [Fact]
    public void All_IsDenseFromMinusOneToMaxInCodeOrder()
    {
        var all = ErrorCodes.All;

        Assert.Equal(ErrorCode.UnknownServerError, ErrorCodes.MinKnown);
        Assert.Equal(ErrorCode.ShareSessionLimitReached, ErrorCodes.MaxKnown);
        for (var i = 0; i < all.Length; i++)
        {
            Assert.Equal(i - 1, (short)all[i].Code);
        }
    }

    [Fact]
    public void All_MatchesTheEnumOneToOne()
    {
        var enumValues = Enum.GetValues<ErrorCode>();
        var all = ErrorCodes.All.ToArray();

        Assert.Equal(enumValues.Length, all.Length);
        Assert.Equal(enumValues.Order(), all.Select(static i => i.Code));
    }

    [Fact]
    public void CodesAndNames_AreUnique()
    {
        var all = ErrorCodes.All.ToArray();

        Assert.Equal(all.Length, all.Select(static i => i.Code).Distinct().Count());
        Assert.Equal(all.Length, all.Select(static i => i.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Names_AreTheUpperSnakeCaseOfTheEnumMembers()
    {
        foreach (var info in ErrorCodes.All)
        {
            var pascal = string.Concat(info.Name.Split('_').Select(static w => w[0] + w[1..].ToLowerInvariant()));
            Assert.Equal(pascal, info.Code.ToString());
        }
    }

    [Fact]
    public void TryParse_RoundTripsEveryName()
    {
        foreach (var info in ErrorCodes.All)
        {
            Assert.True(ErrorCodes.TryParse(info.Name, out var parsed));
            Assert.Equal(info.Code, parsed);
            Assert.Equal(info.Name, ErrorCodes.Name(parsed));
        }
    }

    [Theory]
    [InlineData("not_leader_or_follower")]
    [InlineData("Not_Leader_Or_Follower")]
    [InlineData("NOT_LEADER_OR_FOLLOWER")]
    public void TryParse_IgnoresCase(string name)
    {
        Assert.True(ErrorCodes.TryParse(name, out var code));
        Assert.Equal(ErrorCode.NotLeaderOrFollower, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("NotLeaderOrFollower")]
    [InlineData("NOT_LEADER_FOR_PARTITION")]
    [InlineData("UNKNOWN_ERROR_CODE")]
    public void TryParse_RejectsNamesNotInTheTable(string? name)
    {
        Assert.False(ErrorCodes.TryParse(name, out var code));
        Assert.Equal(ErrorCode.UnknownServerError, code);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(134)]
    [InlineData(short.MaxValue)]
    [InlineData(short.MinValue)]
    public void Get_ForUnknownCode_SaysSoWithoutThrowing(short raw)
    {
        var code = (ErrorCode)raw;

        var info = ErrorCodes.Get(code);

        Assert.False(ErrorCodes.IsKnown(code));
        Assert.Equal(code, info.Code);
        Assert.Equal(ErrorCodes.UnknownCodeName, info.Name);
        Assert.False(info.IsRetriable);
        Assert.False(ErrorCodes.IsRetriable(code));
        Assert.Contains(raw.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Description, StringComparison.Ordinal);
        Assert.Equal($"UNKNOWN_ERROR_CODE({raw})", ErrorCodes.Name(code));
    }

    [Fact]
    public void IsKnown_CoversExactlyTheTableRange()
    {
        Assert.True(ErrorCodes.IsKnown(ErrorCode.UnknownServerError));
        Assert.True(ErrorCodes.IsKnown(ErrorCodes.MaxKnown));
        Assert.False(ErrorCodes.IsKnown((ErrorCode)(-2)));
        Assert.False(ErrorCodes.IsKnown((ErrorCode)((short)ErrorCodes.MaxKnown + 1)));
    }

    [Fact]
    public void ErrorInfo_ToString_GivesNameCodeAndDescription()
    {
        var text = ErrorCodes.Get(ErrorCode.NotEnoughReplicas).ToString();

        Assert.StartsWith("NOT_ENOUGH_REPLICAS (19): ", text, StringComparison.Ordinal);
        Assert.EndsWith(ErrorCodes.Get(ErrorCode.NotEnoughReplicas).Description, text, StringComparison.Ordinal);
        Assert.StartsWith("UNKNOWN_SERVER_ERROR (-1): ", ErrorCodes.Get(ErrorCode.UnknownServerError).ToString(), StringComparison.Ordinal);
    }
}
