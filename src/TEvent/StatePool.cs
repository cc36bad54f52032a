namespace TEvent;

/// <summary>
/// Private state that can be reused after its request is received. Implement it on a FooState
/// class that is created for every request on a hot path; <see cref="Reset"/> must drop references
/// so that a pooled state keeps nothing alive.
/// </summary>
public interface IReusableState
{
    void Reset();
}

/// <summary>A small per-thread pool of one state type. Loops are single-threaded, so no locks.</summary>
internal static class StatePool<T> where T : class, new()
{
    private const int MaxPooled = 256;

    [ThreadStatic] private static Stack<T>? t_pool;

    public static readonly Action<object> Return = state =>
    {
        ((IReusableState)state).Reset();
        var pool = t_pool ??= new Stack<T>();
        if (pool.Count < MaxPooled) pool.Push((T)state);
    };

    public static T Rent() => t_pool is { Count: > 0 } pool ? pool.Pop() : new T();
}
