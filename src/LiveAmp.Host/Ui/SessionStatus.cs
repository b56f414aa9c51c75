namespace LiveAmp.Host.Ui;

/// <summary>One line for the dashboard's status bar: an outcome such as "loaded crunch", or an error.</summary>
public sealed record SessionStatus(string Message, bool IsError)
{
    public static SessionStatus Info(string message) => new(message, false);
    public static SessionStatus Error(string message) => new(message, true);
}
