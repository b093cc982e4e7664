namespace Brook.Producer.Network;

/// <summary>Work a connection's reader may run after a receive instead of waking another thread (the sender's pass).</summary>
internal interface IReaderPass
{
    /// <summary>Runs one pass on the reader when nobody else is running one; otherwise leaves it to the one who is.</summary>
    void RunReaderPass();

    /// <summary>Hands the work to the owner's own thread instead.</summary>
    void WakeLoop();
}
