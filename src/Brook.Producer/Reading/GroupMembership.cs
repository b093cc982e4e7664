using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Reading;

/// <summary>
/// A minimal classic consumer-group member for one topic (Kafka's "consumer" protocol, range assignment):
/// FindCoordinator, JoinGroup (a first join without a member id gets MEMBER_ID_REQUIRED and joins again with the id
/// it was given, KIP-394), SyncGroup (the leader computes the range assignment for every member), OffsetFetch,
/// OffsetCommit, Heartbeat and LeaveGroup. Coordinator moves (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
/// COORDINATOR_LOAD_IN_PROGRESS) find the coordinator again; REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION and
/// UNKNOWN_MEMBER_ID make the member join again. Used by <see cref="TopicReader"/> when a group id is set.
/// </summary>
internal sealed class GroupMembership(NetworkClient client, TopicReaderOptions options)
{
    // OffsetFetch v8 switches to a batched layout; the single-group form is enough here.
    private const short MaxOffsetFetchVersion = 7;

    private readonly string _group = options.GroupId ?? throw new ArgumentException("GroupId is required for a group member.", nameof(options));
    private readonly TimeProvider _time = options.TimeProvider;
    private int _coordinator = -1;

    /// <summary>The member id the coordinator gave; empty before the first join.</summary>
    public string MemberId { get; private set; } = string.Empty;

    /// <summary>The current generation; -1 outside a group.</summary>
    public int GenerationId { get; private set; } = -1;

    /// <summary>Joins (or rejoins) the group and returns the partitions of the topic assigned to this member.</summary>
    public async Task<List<int>> JoinAsync(int partitionCount, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            try
            {
                var coordinator = await CoordinatorAsync(cancellationToken).ConfigureAwait(false);
                var join = await coordinator.SendAsync<JoinGroupResponse>(new JoinGroupRequest
                {
                    GroupId = _group,
                    SessionTimeoutMs = options.SessionTimeoutMs,
                    RebalanceTimeoutMs = options.RebalanceTimeoutMs,
                    MemberId = MemberId,
                    ProtocolType = "consumer",
                    Protocols = [new JoinGroupRequest.JoinGroupRequestProtocol { Name = RangeAssignor.ProtocolName, Metadata = ConsumerProtocol.Subscription(options.Topic) }],
                }).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                var error = (ErrorCode)join.ErrorCode;
                if (error == ErrorCode.MemberIdRequired)
                {
                    MemberId = join.MemberId;
                    continue;
                }

                Check(error, "JoinGroup");
                MemberId = join.MemberId;
                GenerationId = join.GenerationId;
                var assignments = new List<SyncGroupRequest.SyncGroupRequestAssignment>();
                if (join.Leader == join.MemberId)
                {
                    assignments = LeaderAssignments(join, partitionCount);
                }

                var syncVersion = Cap(coordinator, ApiKey.SyncGroup, SyncGroupRequest.HighestSupportedVersion);
                var syncRequest = new SyncGroupRequest
                {
                    GroupId = _group,
                    GenerationId = GenerationId,
                    MemberId = MemberId,
                    Assignments = assignments,
                };
                if (syncVersion >= 5)
                {
                    syncRequest.ProtocolType = "consumer";
                    syncRequest.ProtocolName = RangeAssignor.ProtocolName;
                }

                var sync = await coordinator.SendAsync<SyncGroupResponse>(syncRequest, syncVersion).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                Check((ErrorCode)sync.ErrorCode, "SyncGroup");
                return ConsumerProtocol.ReadAssignment(sync.Assignment, options.Topic);
            }
            catch (KafkaException ex) when (Rejoinable(ex) && _time.GetElapsedTime(started).TotalMilliseconds < options.SetupTimeoutMs)
            {
                await BackoffAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Committed offsets of <paramref name="partitions"/> (-1 where the group has none).</summary>
    public async Task<Dictionary<int, long>> FetchOffsetsAsync(List<int> partitions, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            try
            {
                var coordinator = await CoordinatorAsync(cancellationToken).ConfigureAwait(false);
                var version = Cap(coordinator, ApiKey.OffsetFetch, MaxOffsetFetchVersion);
                var request = new OffsetFetchRequest
                {
                    GroupId = _group,
                    Topics = [new OffsetFetchRequest.OffsetFetchRequestTopic { Name = options.Topic, PartitionIndexes = partitions }],
                    RequireStable = version >= 7,
                };
                var response = await coordinator.SendAsync<OffsetFetchResponse>(request, version).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                Check((ErrorCode)response.ErrorCode, "OffsetFetch");
                var offsets = new Dictionary<int, long>();
                foreach (var partition in partitions)
                {
                    offsets[partition] = -1;
                }

                foreach (var topic in response.Topics)
                {
                    foreach (var partition in topic.Partitions)
                    {
                        Check((ErrorCode)partition.ErrorCode, "OffsetFetch");
                        if (topic.Name == options.Topic)
                        {
                            offsets[partition.PartitionIndex] = partition.CommittedOffset;
                        }
                    }
                }

                return offsets;
            }
            catch (KafkaException ex) when (ex.IsRetriable && _time.GetElapsedTime(started).TotalMilliseconds < options.SetupTimeoutMs)
            {
                await BackoffAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Commits <paramref name="offsets"/> (partition, next offset to read) for the current generation.</summary>
    /// <exception cref="KafkaException">The commit failed (the group rebalanced, or the coordinator is gone).</exception>
    public async Task CommitAsync(IReadOnlyList<KeyValuePair<int, long>> offsets, CancellationToken cancellationToken)
    {
        if (offsets.Count == 0)
        {
            return;
        }

        var topic = new OffsetCommitRequest.OffsetCommitRequestTopic { Name = options.Topic };
        foreach (var (partition, offset) in offsets)
        {
            topic.Partitions.Add(new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = partition, CommittedOffset = offset });
        }

        var coordinator = await CoordinatorAsync(cancellationToken).ConfigureAwait(false);
        var response = await coordinator.SendAsync<OffsetCommitResponse>(new OffsetCommitRequest
        {
            GroupId = _group,
            GenerationIdOrMemberEpoch = GenerationId,
            MemberId = MemberId,
            Topics = [topic],
        }).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var t in response.Topics)
        {
            foreach (var p in t.Partitions)
            {
                var error = (ErrorCode)p.ErrorCode;
                if (error != ErrorCode.None)
                {
                    ForgetCoordinatorOn(error);
                    throw new KafkaException(error, $"{ErrorCodes.Name(error)}: committing offsets of group '{_group}' for {options.Topic}-{p.PartitionIndex} failed.");
                }
            }
        }
    }

    /// <summary>One heartbeat; false when the member must join again (the group is rebalancing or forgot it).</summary>
    public async Task<bool> HeartbeatAsync(CancellationToken cancellationToken)
    {
        var coordinator = await CoordinatorAsync(cancellationToken).ConfigureAwait(false);
        var response = await coordinator.SendAsync<HeartbeatResponse>(new HeartbeatRequest
        {
            GroupId = _group,
            GenerationId = GenerationId,
            MemberId = MemberId,
        }).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        var error = (ErrorCode)response.ErrorCode;
        if (error is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId)
        {
            if (error == ErrorCode.UnknownMemberId)
            {
                MemberId = string.Empty;
            }

            return false;
        }

        Check(error, "Heartbeat");
        return true;
    }

    /// <summary>Leaves the group so the others rebalance at once; errors are ignored (the session ends anyway).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (MemberId.Length == 0)
        {
            return;
        }

        try
        {
            var coordinator = await CoordinatorAsync(cancellationToken).ConfigureAwait(false);
            var version = Cap(coordinator, ApiKey.LeaveGroup, LeaveGroupRequest.HighestSupportedVersion);
            var request = new LeaveGroupRequest { GroupId = _group };
            if (version >= 3)
            {
                request.Members = [new LeaveGroupRequest.MemberIdentity { MemberId = MemberId }];
            }
            else
            {
                request.MemberId = MemberId;
            }

            await coordinator.SendAsync<LeaveGroupResponse>(request, version).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KafkaException or OperationCanceledException)
        {
            // Best effort: the coordinator drops the member after session.timeout.ms.
        }

        MemberId = string.Empty;
        GenerationId = -1;
    }

    /// <summary>Errors a new join fixes: retriable ones, and the group having moved on without this member.</summary>
    private static bool Rejoinable(KafkaException ex) =>
        ex.IsRetriable || ex.ErrorCode is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId;

    private static short Cap(BrokerConnection connection, ApiKey key, short max) =>
        connection.Versions.TryGetVersion(key, out var version) ? Math.Min(version, max) : max;

    private List<SyncGroupRequest.SyncGroupRequestAssignment> LeaderAssignments(JoinGroupResponse join, int partitionCount)
    {
        var subscribed = new List<string>();
        var all = new List<SyncGroupRequest.SyncGroupRequestAssignment>(join.Members.Count);
        foreach (var member in join.Members)
        {
            if (ConsumerProtocol.ReadSubscriptionTopics(member.Metadata).Contains(options.Topic))
            {
                subscribed.Add(member.MemberId);
            }
        }

        var ranges = RangeAssignor.Assign(subscribed, partitionCount);
        foreach (var member in join.Members)
        {
            var partitions = ranges.TryGetValue(member.MemberId, out var list) ? list : [];
            all.Add(new SyncGroupRequest.SyncGroupRequestAssignment
            {
                MemberId = member.MemberId,
                Assignment = ConsumerProtocol.Assignment(options.Topic, partitions),
            });
        }

        return all;
    }

    private async Task<BrokerConnection> CoordinatorAsync(CancellationToken cancellationToken)
    {
        if (_coordinator < 0)
        {
            var node = client.LeastLoadedNode() ?? client.NodeIds[0];
            var any = await client.GetConnectionAsync(node, cancellationToken).ConfigureAwait(false);
            var version = any.Versions.GetVersion(ApiKey.FindCoordinator, any.Node);
            var response = await any.SendAsync<FindCoordinatorResponse>(CoordinatorLookup.Request(_group, CoordinatorLookup.GroupKeyType, version), version)
                .AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            var (error, _, coordinator) = CoordinatorLookup.Read(response);
            Check(error, "FindCoordinator");
            client.AddNodes([coordinator]); // addressable by id even when the reader's metadata did not list it
            _coordinator = coordinator.NodeId;
        }

        return await client.GetConnectionAsync(_coordinator, cancellationToken).ConfigureAwait(false);
    }

    private void Check(ErrorCode error, string api)
    {
        if (error == ErrorCode.None)
        {
            return;
        }

        ForgetCoordinatorOn(error);
        if (error is ErrorCode.UnknownMemberId)
        {
            MemberId = string.Empty;
        }

        throw new KafkaException(error, $"{ErrorCodes.Name(error)}: {api} for group '{_group}' failed.");
    }

    private void ForgetCoordinatorOn(ErrorCode error)
    {
        if (error is ErrorCode.NotCoordinator or ErrorCode.CoordinatorNotAvailable or ErrorCode.CoordinatorLoadInProgress)
        {
            _coordinator = -1;
        }
    }

    private Task BackoffAsync(CancellationToken cancellationToken) =>
        options.RetryBackoffMs == 0
            ? Task.CompletedTask
            : Task.Delay(TimeSpan.FromMilliseconds(options.RetryBackoffMs), _time, cancellationToken);
}
