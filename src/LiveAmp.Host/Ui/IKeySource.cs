namespace LiveAmp.Host.Ui;

/// <summary>Key presses without blocking: the dashboard polls between frames.</summary>
public interface IKeySource
{
    /// <summary>Returns false at once when no key is waiting.</summary>
    bool TryRead(out ConsoleKeyInfo key);
}

/// <summary>Keys from the terminal. With redirected input there are none (quit then comes from the cancellation token).</summary>
public sealed class ConsoleKeySource : IKeySource
{
    readonly bool _redirected = Console.IsInputRedirected;

    public bool TryRead(out ConsoleKeyInfo key)
    {
        if (!_redirected && Console.KeyAvailable)
        {
            key = Console.ReadKey(intercept: true);
            return true;
        }
        key = default;
        return false;
    }
}
