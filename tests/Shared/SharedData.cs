namespace LiveAmp.Tests;

/// <summary>Paths to the shared reference data that sits beside the checkout (<c>../shared</c>), read in place.</summary>
public static class SharedData
{
    /// <summary>The checkout's root: the first folder above the test binaries that holds LiveAmp.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>../shared</c> relative to the checkout.</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A file under ../shared that must exist; a missing one fails with a clear message.</summary>
    public static string File(params string[] parts)
    {
        string path = Path_(parts);
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"shared test data missing: {path} (tests read ../shared beside the checkout)");
        return path;
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "LiveAmp.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("LiveAmp.sln not found above " + AppContext.BaseDirectory);
    }
}
