using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Agora.Search.Indexing;

/// <summary>
/// Reusable fields for one thread. Lucene allocates a token stream and its attributes (through reflection) for every
/// new field instance; reusing instances, as Lucene recommends for bulk indexing, roughly halves the cost of a
/// document with this many fields.
/// </summary>
internal sealed class FieldPool
{
    private readonly Dictionary<(string Name, Kind Kind), List<Field>> pool = [];
    private readonly Dictionary<(string Name, Kind Kind), int> used = [];
    private readonly List<IIndexableField> fields = new(80);

    public enum Kind
    {
        Text,
        String,
        SortedValue,
        SortedSetValue,
        NumericValue,
        BinaryValue,
    }

    public IReadOnlyList<IIndexableField> Fields => fields;

    /// <summary>Where this thread encodes a document's <see cref="HitRecord"/>; valid until its next document.</summary>
    public System.Buffers.ArrayBufferWriter<byte> HitBuffer { get; } = new(4096);

    public BytesRef HitBytes { get; } = new();

    public void Clear()
    {
        fields.Clear();
        used.Clear();
    }

    public void Add(string name, Kind kind, string value)
    {
        var field = Next(name, kind);
        if (kind is Kind.SortedValue or Kind.SortedSetValue)
        {
            field.SetBytesValue(new BytesRef(value));
        }
        else
        {
            field.SetStringValue(value);
        }
        fields.Add(field);
    }

    public void Add(string name, Kind kind, BytesRef value)
    {
        var field = Next(name, kind);
        field.SetBytesValue(value);
        fields.Add(field);
    }

    public void Add(string name, Kind kind, long value)
    {
        var field = Next(name, kind);
        field.SetInt64Value(value);
        fields.Add(field);
    }

    private Field Next(string name, Kind kind)
    {
        var key = (name, kind);
        if (!pool.TryGetValue(key, out var list))
        {
            list = [];
            pool[key] = list;
        }
        var index = used.GetValueOrDefault(key);
        used[key] = index + 1;
        if (index < list.Count)
        {
            return list[index];
        }
        Field field = kind switch
        {
            Kind.Text => new TextField(name, "", Field.Store.NO),
            Kind.String => new StringField(name, "", Field.Store.NO),
            Kind.BinaryValue => new BinaryDocValuesField(name, new BytesRef()),
            Kind.SortedValue => new SortedDocValuesField(name, new BytesRef()),
            Kind.SortedSetValue => new SortedSetDocValuesField(name, new BytesRef()),
            _ => new NumericDocValuesField(name, 0L),
        };
        list.Add(field);
        return field;
    }
}
