namespace Brook.Protocol.Errors;

/// <summary>
/// Kafka's protocol error codes (protocol guide "Error Codes", https://kafka.apache.org/protocol#protocol_error_codes),
/// -1 through 133 as of Kafka 4.x. Members are the PascalCase form of Kafka's names
/// (<c>NOT_LEADER_OR_FOLLOWER</c> is <see cref="NotLeaderOrFollower"/>); <see cref="ErrorCodes"/> maps each code to its
/// Kafka name, retriable flag and description. Codes are wire values: never renumber a member.
/// </summary>
public enum ErrorCode : short
{
    /// <summary><c>UNKNOWN_SERVER_ERROR</c> (-1, not retriable): The server hit an unexpected error while processing the request.</summary>
    UnknownServerError = -1,

    /// <summary><c>NONE</c> (0, not retriable): No error.</summary>
    None = 0,

    /// <summary><c>OFFSET_OUT_OF_RANGE</c> (1, not retriable): The requested offset is outside the range of offsets the server holds for the partition.</summary>
    OffsetOutOfRange = 1,

    /// <summary><c>CORRUPT_MESSAGE</c> (2, retriable): The message failed its CRC check, exceeds the valid size, has a null key on a compacted topic, or is otherwise corrupt.</summary>
    CorruptMessage = 2,

    /// <summary><c>UNKNOWN_TOPIC_OR_PARTITION</c> (3, retriable): This server does not host the topic-partition.</summary>
    UnknownTopicOrPartition = 3,

    /// <summary><c>INVALID_FETCH_SIZE</c> (4, not retriable): The requested fetch size is invalid.</summary>
    InvalidFetchSize = 4,

    /// <summary><c>LEADER_NOT_AVAILABLE</c> (5, retriable): The partition has no leader because a leader election is in progress.</summary>
    LeaderNotAvailable = 5,

    /// <summary><c>NOT_LEADER_OR_FOLLOWER</c> (6, retriable): The broker is not the leader (for leader-only requests) or not a replica (for any-replica requests) of the partition.</summary>
    NotLeaderOrFollower = 6,

    /// <summary><c>REQUEST_TIMED_OUT</c> (7, retriable): The request timed out.</summary>
    RequestTimedOut = 7,

    /// <summary><c>BROKER_NOT_AVAILABLE</c> (8, not retriable): The broker is not available.</summary>
    BrokerNotAvailable = 8,

    /// <summary><c>REPLICA_NOT_AVAILABLE</c> (9, retriable): The replica is not available for the requested topic-partition.</summary>
    ReplicaNotAvailable = 9,

    /// <summary><c>MESSAGE_TOO_LARGE</c> (10, not retriable): The request carried a message larger than the maximum message size the server accepts.</summary>
    MessageTooLarge = 10,

    /// <summary><c>STALE_CONTROLLER_EPOCH</c> (11, not retriable): The controller moved to another broker.</summary>
    StaleControllerEpoch = 11,

    /// <summary><c>OFFSET_METADATA_TOO_LARGE</c> (12, not retriable): The metadata string of the offset commit is too large.</summary>
    OffsetMetadataTooLarge = 12,

    /// <summary><c>NETWORK_EXCEPTION</c> (13, retriable): The server disconnected before a response was received.</summary>
    NetworkException = 13,

    /// <summary><c>COORDINATOR_LOAD_IN_PROGRESS</c> (14, retriable): The coordinator is still loading its state and cannot process requests yet.</summary>
    CoordinatorLoadInProgress = 14,

    /// <summary><c>COORDINATOR_NOT_AVAILABLE</c> (15, retriable): The coordinator is not available.</summary>
    CoordinatorNotAvailable = 15,

    /// <summary><c>NOT_COORDINATOR</c> (16, retriable): This broker is not the coordinator for the group or transactional id.</summary>
    NotCoordinator = 16,

    /// <summary><c>INVALID_TOPIC_EXCEPTION</c> (17, not retriable): The request tried to operate on an invalid topic (bad name or an internal topic).</summary>
    InvalidTopicException = 17,

    /// <summary><c>RECORD_LIST_TOO_LARGE</c> (18, not retriable): The request carried a record batch larger than the server's configured segment size.</summary>
    RecordListTooLarge = 18,

    /// <summary><c>NOT_ENOUGH_REPLICAS</c> (19, retriable): The records were rejected because fewer in-sync replicas exist than min.insync.replicas requires.</summary>
    NotEnoughReplicas = 19,

    /// <summary><c>NOT_ENOUGH_REPLICAS_AFTER_APPEND</c> (20, retriable): The records were written to the log, but to fewer in-sync replicas than required.</summary>
    NotEnoughReplicasAfterAppend = 20,

    /// <summary><c>INVALID_REQUIRED_ACKS</c> (21, not retriable): The produce request used an invalid acks value (only -1, 0 and 1 are valid).</summary>
    InvalidRequiredAcks = 21,

    /// <summary><c>ILLEGAL_GENERATION</c> (22, not retriable): The group generation id in the request is not the current one.</summary>
    IllegalGeneration = 22,

    /// <summary><c>INCONSISTENT_GROUP_PROTOCOL</c> (23, not retriable): The member's protocols are incompatible with the group's, or the first member sent an empty protocol type or list.</summary>
    InconsistentGroupProtocol = 23,

    /// <summary><c>INVALID_GROUP_ID</c> (24, not retriable): The group id is invalid.</summary>
    InvalidGroupId = 24,

    /// <summary><c>UNKNOWN_MEMBER_ID</c> (25, not retriable): The coordinator does not know this member id.</summary>
    UnknownMemberId = 25,

    /// <summary><c>INVALID_SESSION_TIMEOUT</c> (26, not retriable): The session timeout is outside the broker's group.min.session.timeout.ms to group.max.session.timeout.ms range.</summary>
    InvalidSessionTimeout = 26,

    /// <summary><c>REBALANCE_IN_PROGRESS</c> (27, not retriable): The group is rebalancing, so the member must rejoin.</summary>
    RebalanceInProgress = 27,

    /// <summary><c>INVALID_COMMIT_OFFSET_SIZE</c> (28, not retriable): The size of the committed offset data is invalid.</summary>
    InvalidCommitOffsetSize = 28,

    /// <summary><c>TOPIC_AUTHORIZATION_FAILED</c> (29, not retriable): The client is not authorized to access the topic.</summary>
    TopicAuthorizationFailed = 29,

    /// <summary><c>GROUP_AUTHORIZATION_FAILED</c> (30, not retriable): The client is not authorized to access the group.</summary>
    GroupAuthorizationFailed = 30,

    /// <summary><c>CLUSTER_AUTHORIZATION_FAILED</c> (31, not retriable): The client is not authorized for the cluster-level operation.</summary>
    ClusterAuthorizationFailed = 31,

    /// <summary><c>INVALID_TIMESTAMP</c> (32, not retriable): A record timestamp is outside the acceptable range.</summary>
    InvalidTimestamp = 32,

    /// <summary><c>UNSUPPORTED_SASL_MECHANISM</c> (33, not retriable): The broker does not support the requested SASL mechanism.</summary>
    UnsupportedSaslMechanism = 33,

    /// <summary><c>ILLEGAL_SASL_STATE</c> (34, not retriable): The request is not valid in the current SASL state.</summary>
    IllegalSaslState = 34,

    /// <summary><c>UNSUPPORTED_VERSION</c> (35, not retriable): The API version is not supported.</summary>
    UnsupportedVersion = 35,

    /// <summary><c>TOPIC_ALREADY_EXISTS</c> (36, not retriable): A topic with this name already exists.</summary>
    TopicAlreadyExists = 36,

    /// <summary><c>INVALID_PARTITIONS</c> (37, not retriable): The number of partitions is invalid (below 1).</summary>
    InvalidPartitions = 37,

    /// <summary><c>INVALID_REPLICATION_FACTOR</c> (38, not retriable): The replication factor is below 1 or larger than the number of available brokers.</summary>
    InvalidReplicationFactor = 38,

    /// <summary><c>INVALID_REPLICA_ASSIGNMENT</c> (39, not retriable): The replica assignment is invalid.</summary>
    InvalidReplicaAssignment = 39,

    /// <summary><c>INVALID_CONFIG</c> (40, not retriable): The configuration is invalid.</summary>
    InvalidConfig = 40,

    /// <summary><c>NOT_CONTROLLER</c> (41, retriable): This broker is not the active controller of the cluster.</summary>
    NotController = 41,

    /// <summary><c>INVALID_REQUEST</c> (42, not retriable): The request is malformed or was sent to an incompatible broker; the broker log has details.</summary>
    InvalidRequest = 42,

    /// <summary><c>UNSUPPORTED_FOR_MESSAGE_FORMAT</c> (43, not retriable): The broker's message format version does not support the request.</summary>
    UnsupportedForMessageFormat = 43,

    /// <summary><c>POLICY_VIOLATION</c> (44, not retriable): The request parameters violate the configured policy.</summary>
    PolicyViolation = 44,

    /// <summary><c>OUT_OF_ORDER_SEQUENCE_NUMBER</c> (45, not retriable): The broker received an out-of-order sequence number from an idempotent producer.</summary>
    OutOfOrderSequenceNumber = 45,

    /// <summary><c>DUPLICATE_SEQUENCE_NUMBER</c> (46, not retriable): The broker received a duplicate sequence number from an idempotent producer.</summary>
    DuplicateSequenceNumber = 46,

    /// <summary><c>INVALID_PRODUCER_EPOCH</c> (47, not retriable): The producer used an old epoch: a newer producer has the same transactional id, or the transaction was expired by the broker.</summary>
    InvalidProducerEpoch = 47,

    /// <summary><c>INVALID_TXN_STATE</c> (48, not retriable): The producer attempted a transactional operation in an invalid state.</summary>
    InvalidTxnState = 48,

    /// <summary><c>INVALID_PRODUCER_ID_MAPPING</c> (49, not retriable): The producer id is not currently assigned to the producer's transactional id.</summary>
    InvalidProducerIdMapping = 49,

    /// <summary><c>INVALID_TRANSACTION_TIMEOUT</c> (50, not retriable): The transaction timeout exceeds the broker's transaction.max.timeout.ms.</summary>
    InvalidTransactionTimeout = 50,

    /// <summary><c>CONCURRENT_TRANSACTIONS</c> (51, retriable): Another operation on the same transaction is still in progress.</summary>
    ConcurrentTransactions = 51,

    /// <summary><c>TRANSACTION_COORDINATOR_FENCED</c> (52, not retriable): The transaction coordinator sending WriteTxnMarkers is no longer the coordinator for the producer.</summary>
    TransactionCoordinatorFenced = 52,

    /// <summary><c>TRANSACTIONAL_ID_AUTHORIZATION_FAILED</c> (53, not retriable): The client is not authorized to use the transactional id.</summary>
    TransactionalIdAuthorizationFailed = 53,

    /// <summary><c>SECURITY_DISABLED</c> (54, not retriable): Security features are disabled.</summary>
    SecurityDisabled = 54,

    /// <summary><c>OPERATION_NOT_ATTEMPTED</c> (55, not retriable): The broker did not attempt the operation, typically because another operation in the same batched request failed.</summary>
    OperationNotAttempted = 55,

    /// <summary><c>KAFKA_STORAGE_ERROR</c> (56, retriable): A disk error occurred while accessing the log on the broker.</summary>
    KafkaStorageError = 56,

    /// <summary><c>LOG_DIR_NOT_FOUND</c> (57, not retriable): The log directory named by the user is not in the broker configuration.</summary>
    LogDirNotFound = 57,

    /// <summary><c>SASL_AUTHENTICATION_FAILED</c> (58, not retriable): SASL authentication failed.</summary>
    SaslAuthenticationFailed = 58,

    /// <summary><c>UNKNOWN_PRODUCER_ID</c> (59, not retriable): The broker has no state for the producer id, for example because its records were removed by retention.</summary>
    UnknownProducerId = 59,

    /// <summary><c>REASSIGNMENT_IN_PROGRESS</c> (60, not retriable): A partition reassignment is in progress.</summary>
    ReassignmentInProgress = 60,

    /// <summary><c>DELEGATION_TOKEN_AUTH_DISABLED</c> (61, not retriable): Delegation token authentication is not enabled.</summary>
    DelegationTokenAuthDisabled = 61,

    /// <summary><c>DELEGATION_TOKEN_NOT_FOUND</c> (62, not retriable): The delegation token was not found on the server.</summary>
    DelegationTokenNotFound = 62,

    /// <summary><c>DELEGATION_TOKEN_OWNER_MISMATCH</c> (63, not retriable): The principal is not a valid owner or renewer of the delegation token.</summary>
    DelegationTokenOwnerMismatch = 63,

    /// <summary><c>DELEGATION_TOKEN_REQUEST_NOT_ALLOWED</c> (64, not retriable): Delegation token requests are not allowed on plaintext or one-way TLS channels or on token-authenticated channels.</summary>
    DelegationTokenRequestNotAllowed = 64,

    /// <summary><c>DELEGATION_TOKEN_AUTHORIZATION_FAILED</c> (65, not retriable): Delegation token authorization failed.</summary>
    DelegationTokenAuthorizationFailed = 65,

    /// <summary><c>DELEGATION_TOKEN_EXPIRED</c> (66, not retriable): The delegation token has expired.</summary>
    DelegationTokenExpired = 66,

    /// <summary><c>INVALID_PRINCIPAL_TYPE</c> (67, not retriable): The principal type is not supported.</summary>
    InvalidPrincipalType = 67,

    /// <summary><c>NON_EMPTY_GROUP</c> (68, not retriable): The group is not empty.</summary>
    NonEmptyGroup = 68,

    /// <summary><c>GROUP_ID_NOT_FOUND</c> (69, not retriable): The group id does not exist.</summary>
    GroupIdNotFound = 69,

    /// <summary><c>FETCH_SESSION_ID_NOT_FOUND</c> (70, retriable): The fetch session id was not found.</summary>
    FetchSessionIdNotFound = 70,

    /// <summary><c>INVALID_FETCH_SESSION_EPOCH</c> (71, retriable): The fetch session epoch is invalid.</summary>
    InvalidFetchSessionEpoch = 71,

    /// <summary><c>LISTENER_NOT_FOUND</c> (72, retriable): The leader has no listener matching the one the metadata request arrived on.</summary>
    ListenerNotFound = 72,

    /// <summary><c>TOPIC_DELETION_DISABLED</c> (73, not retriable): Topic deletion is disabled.</summary>
    TopicDeletionDisabled = 73,

    /// <summary><c>FENCED_LEADER_EPOCH</c> (74, retriable): The leader epoch in the request is older than the broker's.</summary>
    FencedLeaderEpoch = 74,

    /// <summary><c>UNKNOWN_LEADER_EPOCH</c> (75, retriable): The leader epoch in the request is newer than the broker's.</summary>
    UnknownLeaderEpoch = 75,

    /// <summary><c>UNSUPPORTED_COMPRESSION_TYPE</c> (76, not retriable): The client does not support the compression type of the partition.</summary>
    UnsupportedCompressionType = 76,

    /// <summary><c>STALE_BROKER_EPOCH</c> (77, not retriable): The broker epoch has changed.</summary>
    StaleBrokerEpoch = 77,

    /// <summary><c>OFFSET_NOT_AVAILABLE</c> (78, retriable): The leader's high watermark has not caught up after a recent election, so offsets cannot be guaranteed monotonic yet.</summary>
    OffsetNotAvailable = 78,

    /// <summary><c>MEMBER_ID_REQUIRED</c> (79, not retriable): The member must rejoin with the member id the coordinator assigned before it can enter the group.</summary>
    MemberIdRequired = 79,

    /// <summary><c>PREFERRED_LEADER_NOT_AVAILABLE</c> (80, retriable): The preferred leader is not available.</summary>
    PreferredLeaderNotAvailable = 80,

    /// <summary><c>GROUP_MAX_SIZE_REACHED</c> (81, not retriable): The group has reached its maximum size.</summary>
    GroupMaxSizeReached = 81,

    /// <summary><c>FENCED_INSTANCE_ID</c> (82, not retriable): Another member with the same group.instance.id registered under a different member id, fencing this static member.</summary>
    FencedInstanceId = 82,

    /// <summary><c>ELIGIBLE_LEADERS_NOT_AVAILABLE</c> (83, retriable): No eligible leader is available for the partition.</summary>
    EligibleLeadersNotAvailable = 83,

    /// <summary><c>ELECTION_NOT_NEEDED</c> (84, retriable): A leader election is not needed for the partition.</summary>
    ElectionNotNeeded = 84,

    /// <summary><c>NO_REASSIGNMENT_IN_PROGRESS</c> (85, not retriable): No partition reassignment is in progress.</summary>
    NoReassignmentInProgress = 85,

    /// <summary><c>GROUP_SUBSCRIBED_TO_TOPIC</c> (86, not retriable): Offsets of a topic cannot be deleted while the group is subscribed to it.</summary>
    GroupSubscribedToTopic = 86,

    /// <summary><c>INVALID_RECORD</c> (87, not retriable): The record failed broker-side validation and was rejected.</summary>
    InvalidRecord = 87,

    /// <summary><c>UNSTABLE_OFFSET_COMMIT</c> (88, retriable): Unstable (pending transactional) offsets must be resolved first.</summary>
    UnstableOffsetCommit = 88,

    /// <summary><c>THROTTLING_QUOTA_EXCEEDED</c> (89, retriable): The throttling quota has been exceeded.</summary>
    ThrottlingQuotaExceeded = 89,

    /// <summary><c>PRODUCER_FENCED</c> (90, not retriable): A newer producer with the same transactional id has fenced this one.</summary>
    ProducerFenced = 90,

    /// <summary><c>RESOURCE_NOT_FOUND</c> (91, not retriable): The request referred to a resource that does not exist.</summary>
    ResourceNotFound = 91,

    /// <summary><c>DUPLICATE_RESOURCE</c> (92, not retriable): The request referred to the same resource twice.</summary>
    DuplicateResource = 92,

    /// <summary><c>UNACCEPTABLE_CREDENTIAL</c> (93, not retriable): The requested credential does not meet the acceptability criteria.</summary>
    UnacceptableCredential = 93,

    /// <summary><c>INCONSISTENT_VOTER_SET</c> (94, not retriable): The sender or recipient of a voter-only request is not one of the expected voters.</summary>
    InconsistentVoterSet = 94,

    /// <summary><c>INVALID_UPDATE_VERSION</c> (95, not retriable): The given update version is invalid.</summary>
    InvalidUpdateVersion = 95,

    /// <summary><c>FEATURE_UPDATE_FAILED</c> (96, not retriable): Finalized features could not be updated because of an unexpected server error.</summary>
    FeatureUpdateFailed = 96,

    /// <summary><c>PRINCIPAL_DESERIALIZATION_FAILURE</c> (97, not retriable): The request principal could not be deserialized during forwarding (a broker security setup error).</summary>
    PrincipalDeserializationFailure = 97,

    /// <summary><c>SNAPSHOT_NOT_FOUND</c> (98, not retriable): The requested snapshot was not found.</summary>
    SnapshotNotFound = 98,

    /// <summary><c>POSITION_OUT_OF_RANGE</c> (99, not retriable): The requested position is negative or not less than the snapshot size.</summary>
    PositionOutOfRange = 99,

    /// <summary><c>UNKNOWN_TOPIC_ID</c> (100, retriable): This server does not host the topic id.</summary>
    UnknownTopicId = 100,

    /// <summary><c>DUPLICATE_BROKER_REGISTRATION</c> (101, not retriable): The broker id is already in use.</summary>
    DuplicateBrokerRegistration = 101,

    /// <summary><c>BROKER_ID_NOT_REGISTERED</c> (102, not retriable): The broker id is not registered.</summary>
    BrokerIdNotRegistered = 102,

    /// <summary><c>INCONSISTENT_TOPIC_ID</c> (103, retriable): The log's topic id does not match the topic id in the request.</summary>
    InconsistentTopicId = 103,

    /// <summary><c>INCONSISTENT_CLUSTER_ID</c> (104, not retriable): The cluster id in the request does not match the server's.</summary>
    InconsistentClusterId = 104,

    /// <summary><c>TRANSACTIONAL_ID_NOT_FOUND</c> (105, not retriable): The transactional id was not found.</summary>
    TransactionalIdNotFound = 105,

    /// <summary><c>FETCH_SESSION_TOPIC_ID_ERROR</c> (106, retriable): The fetch session used topic ids inconsistently.</summary>
    FetchSessionTopicIdError = 106,

    /// <summary><c>INELIGIBLE_REPLICA</c> (107, not retriable): The new ISR contains at least one ineligible replica.</summary>
    IneligibleReplica = 107,

    /// <summary><c>NEW_LEADER_ELECTED</c> (108, not retriable): The AlterPartition request updated the partition state, but the leader has changed.</summary>
    NewLeaderElected = 108,

    /// <summary><c>OFFSET_MOVED_TO_TIERED_STORAGE</c> (109, not retriable): The requested offset has moved to tiered storage.</summary>
    OffsetMovedToTieredStorage = 109,

    /// <summary><c>FENCED_MEMBER_EPOCH</c> (110, not retriable): The group coordinator fenced the member epoch; the member must give up its partitions and rejoin.</summary>
    FencedMemberEpoch = 110,

    /// <summary><c>UNRELEASED_INSTANCE_ID</c> (111, not retriable): The instance id is still used by another member, which must leave first.</summary>
    UnreleasedInstanceId = 111,

    /// <summary><c>UNSUPPORTED_ASSIGNOR</c> (112, not retriable): The group does not support the assignor or its version range.</summary>
    UnsupportedAssignor = 112,

    /// <summary><c>STALE_MEMBER_EPOCH</c> (113, not retriable): The member epoch is stale; retry after the ConsumerGroupHeartbeat API returns the current epoch.</summary>
    StaleMemberEpoch = 113,

    /// <summary><c>MISMATCHED_ENDPOINT_TYPE</c> (114, not retriable): The request was sent to an endpoint of the wrong type.</summary>
    MismatchedEndpointType = 114,

    /// <summary><c>UNSUPPORTED_ENDPOINT_TYPE</c> (115, not retriable): This endpoint type is not supported yet.</summary>
    UnsupportedEndpointType = 115,

    /// <summary><c>UNKNOWN_CONTROLLER_ID</c> (116, not retriable): The controller id is not known.</summary>
    UnknownControllerId = 116,

    /// <summary><c>UNKNOWN_SUBSCRIPTION_ID</c> (117, not retriable): The push-telemetry request used an invalid or outdated subscription id.</summary>
    UnknownSubscriptionId = 117,

    /// <summary><c>TELEMETRY_TOO_LARGE</c> (118, not retriable): The push-telemetry request is larger than the broker accepts.</summary>
    TelemetryTooLarge = 118,

    /// <summary><c>INVALID_REGISTRATION</c> (119, not retriable): The controller considers the broker registration invalid.</summary>
    InvalidRegistration = 119,

    /// <summary><c>TRANSACTION_ABORTABLE</c> (120, not retriable): The transaction hit a server error; abort it to keep using the transactional id.</summary>
    TransactionAbortable = 120,

    /// <summary><c>INVALID_RECORD_STATE</c> (121, not retriable): The record state is invalid, so the delivery acknowledgement could not be completed.</summary>
    InvalidRecordState = 121,

    /// <summary><c>SHARE_SESSION_NOT_FOUND</c> (122, retriable): The share session was not found.</summary>
    ShareSessionNotFound = 122,

    /// <summary><c>INVALID_SHARE_SESSION_EPOCH</c> (123, retriable): The share session epoch is invalid.</summary>
    InvalidShareSessionEpoch = 123,

    /// <summary><c>FENCED_STATE_EPOCH</c> (124, not retriable): The share coordinator rejected the request because the share-group state epoch did not match.</summary>
    FencedStateEpoch = 124,

    /// <summary><c>INVALID_VOTER_KEY</c> (125, not retriable): The voter key does not match the receiving replica's key.</summary>
    InvalidVoterKey = 125,

    /// <summary><c>DUPLICATE_VOTER</c> (126, not retriable): The voter is already in the voter set.</summary>
    DuplicateVoter = 126,

    /// <summary><c>VOTER_NOT_FOUND</c> (127, not retriable): The voter is not in the voter set.</summary>
    VoterNotFound = 127,

    /// <summary><c>INVALID_REGULAR_EXPRESSION</c> (128, not retriable): The regular expression is not valid.</summary>
    InvalidRegularExpression = 128,

    /// <summary><c>REBOOTSTRAP_REQUIRED</c> (129, not retriable): The client's metadata is stale; it must rebootstrap to get new metadata.</summary>
    RebootstrapRequired = 129,

    /// <summary><c>STREAMS_INVALID_TOPOLOGY</c> (130, not retriable): The supplied Streams topology is invalid.</summary>
    StreamsInvalidTopology = 130,

    /// <summary><c>STREAMS_INVALID_TOPOLOGY_EPOCH</c> (131, not retriable): The supplied Streams topology epoch is invalid.</summary>
    StreamsInvalidTopologyEpoch = 131,

    /// <summary><c>STREAMS_TOPOLOGY_FENCED</c> (132, not retriable): The supplied Streams topology epoch is outdated.</summary>
    StreamsTopologyFenced = 132,

    /// <summary><c>SHARE_SESSION_LIMIT_REACHED</c> (133, retriable): No new share session can be opened because the share-session limit has been reached.</summary>
    ShareSessionLimitReached = 133,
}
