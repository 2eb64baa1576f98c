namespace KooGallery.Supervision.Cli;

/// <summary>
/// One row of an import file: its line, the text as read, the order (or why it cannot be read), and whether the row
/// gave the order's placing instant (when it did not, the order takes the import's now, or the existing flow's).
/// </summary>
internal sealed record OrderRow(int Line, string Raw, NewServiceFlow? Order, string? Problem, bool PlacedAtGiven = true);
