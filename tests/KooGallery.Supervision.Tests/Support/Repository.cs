using System.Reflection;

namespace KooGallery.Supervision.Tests.Support;

/// <summary>Finds files of the repository the tests were built from.</summary>
public static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
