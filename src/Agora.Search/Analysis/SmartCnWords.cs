using System.Reflection;
using Lucene.Net.Analysis.Cn.Smart.Hhmm;

namespace Agora.Search.Analysis;

/// <summary>
/// Whether a two-character Han string is a word of SmartCn's dictionary. SmartCn's segmenter puts a token of two or
/// more Han characters in its graph only when the dictionary holds it (<c>HHMMSegmenter.CreateSegGraph</c>); any other
/// Han text comes out one character at a time. So a query's analysis can never yield a two-character Han token that is
/// not a dictionary word, and the index needs no adjacent-word pair (<see cref="ChineseAnalyzer.PairTerm"/>) with such
/// a string on either side: no quoted phrase could ask for it.
/// </summary>
/// <remarks>
/// The dictionary type is internal to SmartCn; its lookups are public methods, reached once through reflection. If
/// they cannot be found (another SmartCn version), every string counts as a word: the index then keeps every pair, as
/// before, and finds the same phrases at a higher indexing cost.
/// </remarks>
internal static class SmartCnWords
{
    private static readonly Func<char[], bool> Lookup = CreateLookup();

    /// <summary>True when the dictionary cannot be read: callers must then treat every string as a word.</summary>
    public static bool Unknown { get; private set; }

    /// <summary><paramref name="chars"/> (two Han characters) is a dictionary word, or the dictionary is unknown.</summary>
    public static bool IsWord(char[] chars) => Lookup(chars);

    private static Func<char[], bool> CreateLookup()
    {
        try
        {
            var type = typeof(HHMMSegmenter).Assembly.GetType("Lucene.Net.Analysis.Cn.Smart.Hhmm.WordDictionary");
            var instance = type?.GetMethod("GetInstance", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)?.Invoke(null, null);
            var prefix = type?.GetMethod("GetPrefixMatch", BindingFlags.Public | BindingFlags.Instance, [typeof(char[])]);
            var equal = type?.GetMethod("IsEqual", BindingFlags.Public | BindingFlags.Instance, [typeof(char[]), typeof(int)]);
            if (instance is null || prefix is null || equal is null)
            {
                return Any();
            }
            var prefixMatch = prefix.CreateDelegate<Func<char[], int>>(instance);
            var isEqual = equal.CreateDelegate<Func<char[], int, bool>>(instance);
            // The segmenter's own test for a word (see CreateSegGraph): the first entry with this prefix is the string.
            return chars => prefixMatch(chars) is var index and >= 0 && isEqual(chars, index);
        }
        catch (Exception ex) when (ex is TargetInvocationException or ArgumentException or MemberAccessException)
        {
            return Any();
        }
    }

    private static Func<char[], bool> Any()
    {
        Unknown = true;
        return _ => true;
    }
}
