using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Host.Cli;

/// <summary>Runs a command body with LiveAmp's error policy: a user error (bad file, bad argument) prints one line
/// to stderr and exits 1; anything else is a bug and exits 70. <c>--verbose</c> adds the stack trace.</summary>
public static class CliRunner
{
    public const int UserError = 1;
    public const int InternalError = 70;

    public static int Run(bool verbose, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (LiveAmpException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            if (verbose) Console.Error.WriteLine(e);
            return UserError;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            if (verbose) Console.Error.WriteLine(e);
            return UserError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"internal error ({e.GetType().Name}): {e.Message}");
            Console.Error.WriteLine(verbose ? e.ToString() : "run again with --verbose for the stack trace, and report it.");
            return InternalError;
        }
    }
}

/// <summary>A command-line value that is out of range or malformed; reported like a bad file (one line, exit 1).</summary>
public sealed class UsageException(string message) : LiveAmpException(message);
