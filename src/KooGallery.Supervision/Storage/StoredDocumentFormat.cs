using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodaTime.Text;

namespace KooGallery.Supervision;

/// <summary>
/// The stored form of one kind of document a store keeps (a flow, an operation record, a command outcome or an
/// event): written as one JSON document, as text or as the UTF-8 bytes of that text, and read back from either.
/// Get the instance for a kind from <see cref="SupervisionStorageFormat"/>.
/// </summary>
/// <typeparam name="T">The kind of document: <see cref="ServiceFlow"/>, <see cref="OperationRecord"/>,
/// <see cref="CommandOutcome"/> or <see cref="SupervisionEvent"/>.</typeparam>
/// <remarks>
/// A store keeps the text exactly as given and hands it back unchanged; every instant and duration round-trips to
/// the nanosecond. The UTF-8 methods write and read the very bytes of the text, for a store whose driver takes
/// UTF-8 (no string in between). Bytes that are not valid UTF-8 are refused as a <see cref="FormatException"/>; a
/// string made from them by a driver would already hold replacement characters, which <see cref="Deserialize"/>
/// then reads. Thread-safe: calls share no state; each thread writes through a stored shape of its own, which holds
/// the values of the last document the thread wrote until it writes the next.
/// </remarks>
public sealed class StoredDocumentFormat<T>
    where T : class
{
    // One writer per thread, pointed at each call's buffer: its options are the defaults, as the text's writer's are.
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly string _what;
    private readonly Shape _shape;

    private StoredDocumentFormat(string what, Shape shape)
    {
        _what = what;
        _shape = shape;
    }

    /// <summary>Writes a document in its stored form.</summary>
    /// <param name="value">The document.</param>
    /// <returns>The JSON text to store.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds an enum value its enum does not declare, which no stored form names.</exception>
    public string Serialize(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            return _shape.Serialize(value);
        }
        catch (JsonException exception)
        {
            throw Unstorable(exception, nameof(value));
        }
    }

    /// <summary>Writes a document in its stored form as UTF-8: the bytes of the text <see cref="Serialize"/> gives.</summary>
    /// <param name="value">The document.</param>
    /// <param name="utf8">Receives the JSON text's UTF-8 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds an enum value its enum does not declare; what was written to <paramref name="utf8"/> is no document.</exception>
    public void SerializeToUtf8(T value, IBufferWriter<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(utf8);
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(utf8);
        }
        else
        {
            writer.Reset(utf8);
        }

        try
        {
            _shape.Serialize(writer, value);
        }
        catch (JsonException exception)
        {
            throw Unstorable(exception, nameof(value));
        }
        finally
        {
            // The writer keeps no reference to the caller's buffer between calls.
            writer.Reset(NoBuffer.Instance);
        }
    }

    /// <summary>Reads a document stored by <see cref="Serialize"/>.</summary>
    /// <param name="json">The stored JSON text.</param>
    /// <returns>The document (a <see cref="CommandOutcome"/> with <see cref="CommandOutcome.IsReplay"/> false).</returns>
    /// <exception cref="FormatException">The text is not a stored document of this kind.</exception>
    public T Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return _shape.Deserialize(json);
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            throw Unreadable(exception);
        }
    }

    /// <summary>Reads a document stored by <see cref="Serialize"/> from its UTF-8 bytes.</summary>
    /// <param name="utf8Json">The stored JSON text's UTF-8 bytes.</param>
    /// <returns>The document (a <see cref="CommandOutcome"/> with <see cref="CommandOutcome.IsReplay"/> false).</returns>
    /// <exception cref="FormatException">The text is not a stored document of this kind, or the bytes are not valid UTF-8.</exception>
    public T DeserializeFromUtf8(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return _shape.Deserialize(utf8Json);
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            throw Unreadable(exception);
        }
    }

    /// <summary>The format of the documents stored as <typeparamref name="TStored"/>, named <paramref name="what"/> in the messages of unreadable ones.</summary>
    internal static StoredDocumentFormat<T> Of<TStored>(string what, JsonTypeInfo<TStored> shape, Func<TStored, T, TStored> fill, Func<TStored, T> load)
        where TStored : class, new() =>
        new(what, new Shape<TStored>(shape, fill, load));

    /// <summary>Whether reading a document failed because of the document (its text, or a value out of range), not the library.</summary>
    private static bool IsUnreadable(Exception exception) =>
        exception is JsonException or UnparsableValueException or FormatException or InvalidOperationException or ArgumentException or OverflowException or NotSupportedException;

    private ArgumentException Unstorable(JsonException exception, string parameter) =>
        new($"The {_what} cannot be stored: {exception.Message}", parameter, exception);

    private FormatException Unreadable(Exception exception) =>
        new($"The stored {_what} is not valid: {exception.Message}", exception);

    /// <summary>The stored shape of the documents, with the maps between a document and it.</summary>
    private abstract class Shape
    {
        public abstract string Serialize(T value);

        public abstract void Serialize(Utf8JsonWriter writer, T value);

        public abstract T Deserialize(string json);

        public abstract T Deserialize(ReadOnlySpan<byte> utf8Json);
    }

    /// <remarks>
    /// A document is written through one stored shape per thread, filled anew for each document: writing is synchronous,
    /// so no two documents share it, and a store's save writes a flow, a record and an outcome without allocating their
    /// shapes. The shape keeps the last document's values until the thread writes the next one.
    /// </remarks>
    private sealed class Shape<TStored>(JsonTypeInfo<TStored> shape, Func<TStored, T, TStored> fill, Func<TStored, T> load) : Shape
        where TStored : class, new()
    {
        [ThreadStatic]
        private static TStored? t_stored;

        public override string Serialize(T value) => JsonSerializer.Serialize(Fill(value), shape);

        public override void Serialize(Utf8JsonWriter writer, T value) => JsonSerializer.Serialize(writer, Fill(value), shape);

        public override T Deserialize(string json) => load(JsonSerializer.Deserialize(json, shape) ?? throw Null());

        public override T Deserialize(ReadOnlySpan<byte> utf8Json) => load(JsonSerializer.Deserialize(utf8Json, shape) ?? throw Null());

        private static FormatException Null() => new("the document is null.");

        private TStored Fill(T value) => fill(t_stored ??= new TStored(), value);
    }

    /// <summary>A buffer that takes nothing: where the per-thread writer points between calls.</summary>
    private sealed class NoBuffer : IBufferWriter<byte>
    {
        public static readonly NoBuffer Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("No buffer.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("No buffer.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("No buffer.");
    }
}
