namespace KooGallery.Supervision.Tests.Fingerprints;

/// <summary>Fixed commands with their content, for the known-output tests of the command fingerprint.</summary>
internal static class FingerprintSamples
{
    public static readonly Actor Buyer = Actor.Buyer("buyer-1");

    public static readonly Actor Seller = Actor.Seller("seller-1");

    /// <summary>A request with a text and fields given out of order (the fingerprint sorts them).</summary>
    public static readonly (SupervisionCommand Command, CommandContent Content) Request = (
        new SubmitRequest("fp-request", "ORD-1", Buyer, "Please migrate our database."),
        new CommandContent { Text = "Please migrate our database.", Fields = new() { ["Notes"] = "ü", ["Database"] = "MySQL 8" } });

    /// <summary>An appeal with two references.</summary>
    public static readonly (SupervisionCommand Command, CommandContent Content) Appeal = (
        new OpenAppeal("fp-appeal", "ORD-1", Seller, "No answer."),
        new CommandContent { Text = "No answer.", References = [new("Chat", "https://files.example/chat"), new("Statement of work", "https://files.example/sow.pdf")] });

    /// <summary>A command with no content at all: no text, no references, no fields.</summary>
    public static readonly (SupervisionCommand Command, CommandContent Content) Bare = (
        new AcceptRequest("fp-bare", "ORD-2", Seller),
        new CommandContent());

    /// <summary>A text with an unpaired surrogate, written as raw code units under the invalid-text marker.</summary>
    public static readonly (SupervisionCommand Command, CommandContent Content) InvalidText = (
        new PostProgressUpdate("fp-invalid", "ORD-3", Seller, "half \uD800 done"),
        new CommandContent { Text = "half \uD800 done" });

    public static IEnumerable<(SupervisionCommand Command, CommandContent Content)> All => [Request, Appeal, Bare, InvalidText];
}
