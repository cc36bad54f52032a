using System.Runtime.CompilerServices;

namespace TEvent.Coroutines;

/// <summary>
/// The heap home of a suspended body's state machine, pooled per state machine type and thread
/// (each loop is one thread), so a steady state of coroutines allocates nothing per yield or per body.
/// </summary>
internal interface IStateMachineBox
{
    void MoveNext();
    void Release();
}

internal sealed class StateMachineBox<TStateMachine> : IStateMachineBox
    where TStateMachine : IAsyncStateMachine
{
    private const int MaxPooled = 256;
    [ThreadStatic] private static Stack<StateMachineBox<TStateMachine>>? t_pool;

    public TStateMachine StateMachine = default!;

    public static StateMachineBox<TStateMachine> Rent()
        => t_pool is { Count: > 0 } pool ? pool.Pop() : new StateMachineBox<TStateMachine>();

    public void MoveNext() => StateMachine.MoveNext();

    public void Release()
    {
        StateMachine = default!;
        var pool = t_pool ??= new Stack<StateMachineBox<TStateMachine>>();
        if (pool.Count < MaxPooled) pool.Push(this);
    }
}
