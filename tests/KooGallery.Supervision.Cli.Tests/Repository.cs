namespace KooGallery.Supervision.Cli.Tests;

/// <summary>The repository's root folder, found upwards from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KooGallery.Supervision.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (KooGallery.Supervision.sln) is not above " + AppContext.BaseDirectory);
    }
}
