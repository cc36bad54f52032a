using System.Runtime.CompilerServices;

namespace TEvent.Coroutines;

/// <summary>
/// The async method builder behind <see cref="CoroutineBody{T}"/>. It binds a body to the
/// <see cref="Coroutine"/> that is starting it, accepts only <see cref="YieldAwaiter"/> as an
/// awaiter (invariant 2: any other awaiter that would suspend fails the body), and hands the
/// suspended state machine to the coroutine, which resumes it from an immediate event.
/// </summary>
public struct CoroutineBodyBuilder<T>
{
    private Coroutine? _co;

    public static CoroutineBodyBuilder<T> Create() => new() { _co = Coroutine.TakeStarting() };

    public CoroutineBody<T> Task => new(_co!);

    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine
        => stateMachine.MoveNext();

    public void SetStateMachine(IAsyncStateMachine stateMachine) { }

    public void SetResult(T result) => _co!.Finish(result);

    public void SetException(Exception exception) => _co!.Fail(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion where TStateMachine : IAsyncStateMachine
        => Suspend(ref awaiter, ref stateMachine);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion where TStateMachine : IAsyncStateMachine
        => Suspend(ref awaiter, ref stateMachine);

    private void Suspend<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        // The compiler calls this inside the body's try block, so this exception reaches
        // SetException and becomes the outer request's error.
        if (typeof(TAwaiter) != typeof(YieldAwaiter)) throw Coroutine.ForeignAwait();
        var yield = Unsafe.As<TAwaiter, YieldAwaiter>(ref awaiter);
        var co = _co!;
        if (!ReferenceEquals(yield.Coroutine, co))
            throw new InvalidOperationException("a coroutine may only await its own Yield()");

        if (co.Box == null)
        {
            // First suspension: move the state machine to a pooled box. The builder field inside
            // the struct is copied too, so the boxed copy keeps pointing at the same coroutine.
            var box = StateMachineBox<TStateMachine>.Rent();
            box.StateMachine = stateMachine;
            co.Box = box;
        }
        co.Arm(yield.Subreq);
    }
}
