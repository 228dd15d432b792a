using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Agora.Search.Indexing;

/// <summary>
/// One <see cref="IndexWriter"/> per rebuilding thread, each in a folder of its own under the index folder (Lucene
/// ignores sub-folders), whose segments are merged into the index's writer at the end. Two threads adding to one
/// writer spent a third more CPU per record than one thread, contending for the writer's shared monitors (flush
/// control, the per-thread states' pool) and flushing more, smaller segments; a writer per thread shares nothing.
/// The final merge is the one the rebuild did anyway (into one segment), now done by <see cref="IndexWriter.AddIndexes(IndexReader[])"/>.
/// </summary>
internal sealed class RebuildWriters : IDisposable
{
    public const string FolderName = "rebuild";

    private readonly string root;
    private readonly Analyzer analyzer;
    private readonly double ramBufferMb;
    private readonly ThreadLocal<IndexWriter> perThread;
    private readonly List<(FSDirectory Directory, IndexWriter Writer)> writers = [];
    private bool committed;

    public RebuildWriters(string indexDirectory, Analyzer analyzer, double ramBufferMb)
    {
        root = Path.Combine(indexDirectory, FolderName);
        this.analyzer = analyzer;
        this.ramBufferMb = ramBufferMb;
        // Left over by a rebuild that was killed.
        DeleteRoot();
        perThread = new ThreadLocal<IndexWriter>(Create);
    }

    /// <summary>The calling thread's writer, created at its first document.</summary>
    public IndexWriter ForThisThread => perThread.Value!;

    /// <summary>
    /// Commits every thread's writer and adds what they hold to <paramref name="target"/>: merged into one new
    /// segment (<paramref name="merge"/>), or as the segments they flushed.
    /// </summary>
    public void AddTo(IndexWriter target, bool merge)
    {
        lock (writers)
        {
            foreach (var (_, writer) in writers)
            {
                writer.Commit();
            }
            committed = true;
            if (!merge)
            {
                target.AddIndexes([.. writers.Select(w => (Lucene.Net.Store.Directory)w.Directory)]);
                return;
            }
            var readers = writers.Select(w => (IndexReader)DirectoryReader.Open(w.Directory)).ToArray();
            try
            {
                target.AddIndexes(readers);
            }
            finally
            {
                foreach (var reader in readers)
                {
                    reader.Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        perThread.Dispose();
        lock (writers)
        {
            foreach (var (directory, writer) in writers)
            {
                if (committed)
                {
                    writer.Dispose();
                }
                else
                {
                    writer.Rollback();
                }
                directory.Dispose();
            }
            writers.Clear();
        }
        DeleteRoot();
    }

    private IndexWriter Create()
    {
        lock (writers)
        {
            var directory = FSDirectory.Open(new DirectoryInfo(Path.Combine(root, writers.Count.ToString(CultureInfo.InvariantCulture))));
            var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)
            {
                OpenMode = OpenMode.CREATE,
                RAMBufferSizeMB = ramBufferMb,
                // One thread per writer: one per-thread state, and segments are only flushed, never merged here.
                MaxThreadStates = 1,
                UseCompoundFile = false,
                MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
                MergeScheduler = NoMergeScheduler.INSTANCE,
            };
            var writer = new IndexWriter(directory, config);
            writers.Add((directory, writer));
            return writer;
        }
    }

    private void DeleteRoot()
    {
        if (System.IO.Directory.Exists(root))
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }
}
