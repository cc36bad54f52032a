using System.Runtime.CompilerServices;

namespace TEvent.Coroutines;

/// <summary>
/// The return type of a coroutine body: <c>static async CoroutineBody&lt;T&gt; FooBody(Coroutine co, ...)</c>.
/// It is only a marker for the compiler (it selects <see cref="CoroutineBodyBuilder{T}"/>); the body's
/// result reaches the caller through the outer request, see <see cref="Coroutine.Recv{T}"/>.
/// A body can only run when started by <see cref="Coroutine.Send{T}(EventContext, Func{Coroutine, CoroutineBody{T}}, string?)"/>;
/// calling it directly throws.
/// </summary>
[AsyncMethodBuilder(typeof(CoroutineBodyBuilder<>))]
public readonly struct CoroutineBody<T>
{
    internal CoroutineBody(Coroutine co) => Coroutine = co;

    internal Coroutine Coroutine { get; }
}
