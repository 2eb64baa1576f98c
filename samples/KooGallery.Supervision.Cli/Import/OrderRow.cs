namespace KooGallery.Supervision.Cli;

/// <summary>One row of an import file: its line, the text as read, and the order (or why it cannot be read).</summary>
internal sealed record OrderRow(int Line, string Raw, NewServiceFlow? Order, string? Problem);
