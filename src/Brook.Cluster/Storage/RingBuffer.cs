namespace Brook.Cluster.Storage;

/// <summary>
/// A growable double-ended queue over one array: push at the back, pop at either end, index from the front.
/// The log's batch index and chunk list live in these so retention (front) and truncation (back) cost O(1)
/// and steady-state appends allocate nothing once the array has grown.
/// </summary>
internal sealed class RingBuffer<T>
{
    private T[] _items;
    private int _head;
    private int _count;

    public RingBuffer(int capacity = 16)
    {
        _items = new T[Math.Max(4, capacity)];
    }

    public int Count => _count;

    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowIndex(index);
            }

            var i = _head + index;
            if (i >= _items.Length)
            {
                i -= _items.Length;
            }

            return ref _items[i];
        }
    }

    public ref T Front => ref this[0];

    public ref T Back => ref this[_count - 1];

    public void PushBack(in T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        var i = _head + _count;
        if (i >= _items.Length)
        {
            i -= _items.Length;
        }

        _items[i] = item;
        _count++;
    }

    public T PopFront()
    {
        var item = this[0];
        _items[_head] = default!;
        _head++;
        if (_head == _items.Length)
        {
            _head = 0;
        }

        _count--;
        return item;
    }

    public T PopBack()
    {
        ref var slot = ref this[_count - 1];
        var item = slot;
        slot = default!;
        _count--;
        return item;
    }

    public void Clear()
    {
        while (_count > 0)
        {
            PopBack();
        }

        _head = 0;
    }

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = this[i];
        }

        _items = bigger;
        _head = 0;
    }

    private static void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "Index outside the ring buffer's contents.");
}
