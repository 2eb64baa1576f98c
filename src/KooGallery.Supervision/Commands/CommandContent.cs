namespace KooGallery.Supervision;

/// <summary>The content a command contributes to its operation record and to its fingerprint.</summary>
internal sealed class CommandContent
{
    public string? Text { get; set; }

    public List<ProofReference>? References { get; set; }

    public Dictionary<string, string>? Fields { get; set; }

    public void AddReference(ProofReference reference) => (References ??= []).Add(reference);

    public void AddField(string name, string value) => (Fields ??= new Dictionary<string, string>(System.StringComparer.Ordinal))[name] = value;
}
