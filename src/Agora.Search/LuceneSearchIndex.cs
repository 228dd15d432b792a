using System.Collections.Concurrent;
using Agora.Search.Analysis;
using Agora.Search.Indexing;
using Agora.Search.Querying;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;
using Reason = Agora.Search.RebuildReason;

namespace Agora.Search;

/// <summary>
/// The embedded catalog index: Lucene.NET on disk, near-real-time. Writes go to one <see cref="IndexWriter"/>;
/// searches use point-in-time searchers that a background loop refreshes every
/// <see cref="SearchIndexOptions.RefreshInterval"/> and commits every <see cref="SearchIndexOptions.CommitInterval"/>.
/// A missing, damaged or outdated index is discarded at open and <see cref="NeedsRebuild"/> is set (and, with a
/// <see cref="SearchIndexOptions.Source"/>, the index rebuilds itself in the background).
/// </summary>
public sealed class LuceneSearchIndex : ISearchIndex, IDisposable
{
    private const double DefaultRamBufferMb = 32;
    private const int DefaultMergeAtOnce = 10;
    private static readonly IDictionary<string, string> CommitData =
        new Dictionary<string, string> { [IndexFields.LayoutKey] = IndexFields.LayoutVersion };

    private readonly SearchIndexOptions options;
    private readonly AnalyzerSet analyzers = new(SegmentCache.Shared);
    private readonly FilterBuilder filterBuilder;
    private readonly SearchRunner runner;
    private readonly Suggester suggester;
    private readonly ResultCache results;
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private readonly System.Threading.Lock rebuildLock = new();
    private readonly object[] stripes = [.. Enumerable.Range(0, 64).Select(_ => new object())];
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly LuceneDirectory directory;
    private IndexWriter writer = null!;
    private SearcherManager manager = null!;
    // The latest write of each dataset written during a rebuild (null: deleted), applied again when it ends.
    private volatile ConcurrentDictionary<Guid, SearchDocument?>? touchedDuringRebuild;
    private volatile bool rebuilding;
    private volatile bool needsReopen;
    private volatile int reasonCode;
    private Task? selfRebuild;
    private int selfRebuildRunning;
    private long changes;
    private long refreshedChanges;
    private long committedChanges;
    private DateTime lastCommit = DateTime.UtcNow;
    private int disposed;

    public LuceneSearchIndex(SearchIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.IndexDirectory);
        this.options = options;
        var bits = new SegmentBits();
        filterBuilder = new FilterBuilder(bits);
        runner = new SearchRunner(analyzers, bits, filterBuilder, new FacetCounter(bits), new BrowseSorter(bits), options);
        suggester = new Suggester(bits);
        results = new ResultCache(options.ResultCacheEntries);
        System.IO.Directory.CreateDirectory(options.IndexDirectory);
        directory = FSDirectory.Open(new DirectoryInfo(options.IndexDirectory));
        Open(discard: false);
        loop = Task.Run(RunLoopAsync);
        if (PendingRebuild is { } reason)
        {
            options.RebuildNeeded?.Invoke(reason);
            StartSelfRebuild();
        }
    }

    public bool NeedsRebuild => reasonCode != 0 || needsReopen;

    public RebuildReason? RebuildReason => reasonCode == 0 ? null : (Reason)(reasonCode - 1);

    private Reason? PendingRebuild
    {
        get => RebuildReason;
        set => reasonCode = value is { } reason ? (int)reason + 1 : 0;
    }

    public int Count => WithSearcher(searcher => searcher.IndexReader.NumDocs);

    /// <summary>Sentence segmentations served from the cache and computed, for the benchmark's report.</summary>
    internal static (long Hits, long Misses) SegmentationCacheStatistics => (SegmentCache.Shared.Hits, SegmentCache.Shared.Misses);

    public void Upsert(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var mapped = DocumentMapper.Map(document);
        WithWriter(() =>
        {
            lock (Stripe(document.Id))
            {
                if (touchedDuringRebuild is { } touched)
                {
                    touched[document.Id] = document;
                }
                writer.UpdateDocument(new Term(IndexFields.Id, DocumentMapper.IdTerm(document.Id)), mapped);
            }
        });
    }

    public void Delete(Guid id) => WithWriter(() =>
    {
        lock (Stripe(id))
        {
            if (touchedDuringRebuild is { } touched)
            {
                touched[id] = null;
            }
            writer.DeleteDocuments(new Term(IndexFields.Id, DocumentMapper.IdTerm(id)));
        }
    });

    public void Rebuild(IEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        lock (rebuildLock)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop.Token);
            gate.EnterWriteLock();
            try
            {
                if (needsReopen)
                {
                    CloseWriter(commit: false);
                    Open(discard: true);
                }
                else if (PendingRebuild is null)
                {
                    // Keep the writes made so far should the rebuild fail and roll back.
                    CommitCore();
                }
                touchedDuringRebuild = new ConcurrentDictionary<Guid, SearchDocument?>();
                rebuilding = true;
                writer.DeleteAll();
            }
            finally
            {
                gate.ExitWriteLock();
            }

            var succeeded = false;
            try
            {
                var threads = options.RebuildThreads > 0 ? options.RebuildThreads : Environment.ProcessorCount;
                BulkMode(true);
                try
                {
                    using var side = new RebuildWriters(options.IndexDirectory, analyzers.Indexing, options.RebuildRamBufferMb / threads);
                    RebuildPipeline.Run(documents, threads, document => AddDuringRebuild(side, document), cancel.Token);
                    // Merged once, at the end: merging while adding rewrote the same documents several times.
                    var segments = Math.Max(1, options.RebuildSegments);
                    side.AddTo(writer, merge: segments == 1);
                    if (segments > 1)
                    {
                        writer.ForceMerge(segments, doWait: true);
                    }
                }
                finally
                {
                    BulkMode(false);
                }
                gate.EnterReadLock();
                try
                {
                    ApplyWritesMadeDuringRebuild();
                    rebuilding = false;
                    touchedDuringRebuild = null;
                    CommitCore(complete: true);
                    manager.MaybeRefreshBlocking();
                    Interlocked.Exchange(ref refreshedChanges, Interlocked.Read(ref changes));
                    PendingRebuild = null;
                }
                finally
                {
                    gate.ExitReadLock();
                }
                succeeded = true;
            }
            finally
            {
                rebuilding = false;
                touchedDuringRebuild = null;
                SegmentCache.Shared.Clear();
                if (!succeeded)
                {
                    RollBackRebuild();
                }
            }
        }
    }

    public SearchResult Search(SearchQuery query, SearchVisibility visibility)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibility);
        return WithSearcher(searcher => results.GetOrRun(searcher.IndexReader, query, visibility, () => runner.Run(searcher, query, visibility)));
    }

    public IReadOnlyList<SearchSuggestion> Suggest(string prefix, SearchVisibility visibility, int limit = 10)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return WithSearcher(searcher => suggester.Suggest(searcher, prefix, visibility, limit));
    }

    public Task RefreshAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => WithWriterState(Refresh), cancellationToken);

    public void Commit() => WithWriterState(() =>
    {
        if (!rebuilding)
        {
            CommitCore();
        }
    });

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        stop.Cancel();
        try
        {
            Task.WaitAll([loop, selfRebuild ?? Task.CompletedTask]);
        }
        catch (AggregateException)
        {
            // Cancelled or failed; either way there is nothing left to wait for.
        }
        lock (rebuildLock)
        {
            gate.EnterWriteLock();
            try
            {
                CloseWriter(commit: true);
            }
            finally
            {
                gate.ExitWriteLock();
            }
        }
        directory.Dispose();
        analyzers.Dispose();
        stop.Dispose();
    }

    private void AddDuringRebuild(RebuildWriters side, SearchDocument document)
    {
        var mapped = DocumentMapper.Map(document);
        var target = side.ForThisThread;
        lock (Stripe(document.Id))
        {
            // A write made during the rebuild is newer than what the rebuild reads.
            if (touchedDuringRebuild?.ContainsKey(document.Id) != true)
            {
                target.AddDocument(mapped);
            }
        }
    }

    /// <summary>
    /// Writes made during a rebuild went to the index's writer at once, but the rebuild's own copy of a dataset
    /// written after the rebuild read it reached the index only with the threads' writers, at the end: the latest write
    /// is applied again. Writes from now on find the rebuilt documents in the index's writer and replace them as usual.
    /// </summary>
    private void ApplyWritesMadeDuringRebuild()
    {
        if (touchedDuringRebuild is not { } touched)
        {
            return;
        }
        foreach (var id in touched.Keys)
        {
            lock (Stripe(id))
            {
                var term = new Term(IndexFields.Id, DocumentMapper.IdTerm(id));
                if (touched.TryGetValue(id, out var latest) && latest is not null)
                {
                    writer.UpdateDocument(term, DocumentMapper.Map(latest));
                }
                else
                {
                    writer.DeleteDocuments(term);
                }
            }
        }
    }

    /// <summary>
    /// A rebuild adds every document with a large buffer, no merges and no compound files (which copy each flushed
    /// segment once more); normal operation flushes small segments for near-real-time searches and merges as it goes.
    /// </summary>
    private void BulkMode(bool bulk)
    {
        var config = writer.Config;
        config.RAMBufferSizeMB = bulk ? options.RebuildRamBufferMb : DefaultRamBufferMb;
        config.UseCompoundFile = !bulk;
        if (config.MergePolicy is TieredMergePolicy tiered)
        {
            tiered.SegmentsPerTier = bulk ? 1000 : DefaultMergeAtOnce;
            tiered.MaxMergeAtOnce = bulk ? 1000 : DefaultMergeAtOnce;
            tiered.NoCFSRatio = bulk ? 0 : TieredMergePolicy.DEFAULT_NO_CFS_RATIO;
        }
    }

    private void RollBackRebuild()
    {
        gate.EnterWriteLock();
        try
        {
            CloseWriter(commit: false);
            Open(discard: false);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private object Stripe(Guid id) => stripes[(id.GetHashCode() & int.MaxValue) % stripes.Length];

    private void Open(bool discard)
    {
        var reason = discard ? Reason.Corrupt : Inspect();
        if (reason is Reason.Corrupt or Reason.LayoutChanged)
        {
            Wipe();
        }
        try
        {
            OpenWriter(reason is null ? OpenMode.CREATE_OR_APPEND : OpenMode.CREATE);
        }
        catch (Exception ex) when (reason is null && IsUnreadable(ex))
        {
            Wipe();
            reason = Reason.Corrupt;
            OpenWriter(OpenMode.CREATE);
        }
        needsReopen = false;
        PendingRebuild = reason;
        Interlocked.Exchange(ref refreshedChanges, Interlocked.Read(ref changes));
        Interlocked.Exchange(ref committedChanges, Interlocked.Read(ref changes));
    }

    private void OpenWriter(OpenMode mode)
    {
        var merges = new ConcurrentMergeScheduler();
        merges.SetMaxMergesAndThreads(4, 1);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzers.Indexing)
        {
            OpenMode = mode,
            RAMBufferSizeMB = DefaultRamBufferMb,
            MergeScheduler = merges,
            MergePolicy = new TieredMergePolicy(),
        };

        var newWriter = new IndexWriter(directory, config);
        try
        {
            manager = new SearcherManager(newWriter, true, new WarmingSearcherFactory(suggester));
            writer = newWriter;
        }
        catch
        {
            newWriter.Rollback();
            throw;
        }
    }

    /// <summary>Why the index on disk cannot be used as it is; null when it can.</summary>
    private RebuildReason? Inspect()
    {
        try
        {
            if (!DirectoryReader.IndexExists(directory))
            {
                return directory.ListAll().Any(f => f != IndexWriter.WRITE_LOCK_NAME)
                    ? Reason.Corrupt
                    : Reason.Missing;
            }
            var infos = new SegmentInfos();
            infos.Read(directory);
            if (!infos.UserData.TryGetValue(IndexFields.LayoutKey, out var layout) || layout != IndexFields.LayoutVersion)
            {
                return Reason.LayoutChanged;
            }
            if (options.VerifyOnOpen)
            {
                using var reader = DirectoryReader.Open(directory);
                foreach (var leaf in reader.Leaves)
                {
                    leaf.AtomicReader.CheckIntegrity();
                }
            }
            return null;
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            return Reason.Corrupt;
        }
    }

    /// <summary>Deletes the index files; the folder belongs to the index alone.</summary>
    private void Wipe()
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(options.IndexDirectory))
        {
            if (Path.GetFileName(file) != IndexWriter.WRITE_LOCK_NAME)
            {
                File.Delete(file);
            }
        }
    }

    private void CloseWriter(bool commit)
    {
        try
        {
            manager.Dispose();
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            // The searcher was reading damaged files; the writer below is what matters.
        }
        try
        {
            if (commit && !rebuilding && !needsReopen && PendingRebuild is null)
            {
                CommitCore();
                writer.Dispose();
            }
            else
            {
                // Disposing would commit: a partial rebuild or an index still to rebuild must not look complete.
                writer.Rollback();
            }
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            writer.Rollback();
        }
    }

    private void CommitCore(bool complete = false)
    {
        if (!complete && (PendingRebuild is not null || needsReopen))
        {
            // Until rebuilt, the index on disk stays as incomplete as it looks.
            return;
        }
        var target = Interlocked.Read(ref changes);
        writer.SetCommitData(CommitData);
        writer.Commit();
        Interlocked.Exchange(ref committedChanges, target);
        lastCommit = DateTime.UtcNow;
    }

    private void Refresh()
    {
        if (rebuilding)
        {
            return;
        }
        var target = Interlocked.Read(ref changes);
        manager.MaybeRefreshBlocking();
        Interlocked.Exchange(ref refreshedChanges, target);
    }

    private async Task RunLoopAsync()
    {
        using var timer = new PeriodicTimer(options.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                try
                {
                    WithWriterState(Tick);
                }
                catch (Exception ex) when (IsDamage(ex))
                {
                    MarkDamaged();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private void Tick()
    {
        if (rebuilding || needsReopen)
        {
            return;
        }
        var current = Interlocked.Read(ref changes);
        if (current != Interlocked.Read(ref refreshedChanges))
        {
            Refresh();
        }
        if (current != Interlocked.Read(ref committedChanges) && DateTime.UtcNow - lastCommit >= options.CommitInterval)
        {
            CommitCore();
        }
    }

    private void WithWriter(Action write)
    {
        WithWriterState(() =>
        {
            write();
            Interlocked.Increment(ref changes);
        });
    }

    private void WithWriterState(Action action)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        gate.EnterReadLock();
        try
        {
            action();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private T WithSearcher<T>(Func<IndexSearcher, T> search)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        gate.EnterReadLock();
        try
        {
            var searcher = manager.Acquire();
            try
            {
                return search(searcher);
            }
            catch (Exception ex) when (ex is IOException && IsDamage(ex))
            {
                MarkDamaged();
                throw;
            }
            finally
            {
                manager.Release(searcher);
            }
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private void MarkDamaged()
    {
        if (needsReopen)
        {
            return;
        }
        needsReopen = true;
        PendingRebuild = Reason.Corrupt;
        // Not on this thread: it holds the gate, and the callback may well call Rebuild.
        ThreadPool.QueueUserWorkItem(_ =>
        {
            options.RebuildNeeded?.Invoke(Reason.Corrupt);
            StartSelfRebuild();
        });
    }

    private void StartSelfRebuild()
    {
        if (options.Source is not { } source || Interlocked.CompareExchange(ref selfRebuildRunning, 1, 0) != 0)
        {
            return;
        }
        selfRebuild = Task.Run(() =>
        {
            try
            {
                Rebuild(source.ReadAll(stop.Token), stop.Token);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                options.RebuildFailed?.Invoke(ex);
            }
            catch (OperationCanceledException)
            {
                // Disposed while rebuilding: the next start tries again.
            }
            finally
            {
                Volatile.Write(ref selfRebuildRunning, 0);
            }
        });
    }

    /// <summary>Damaged files met while serving: Lucene reports them as I/O errors.</summary>
    private static bool IsDamage(Exception ex) => ex is IOException and not LockObtainFailedException;

    /// <summary>
    /// Opening an index: damaged files surface as I/O errors but also as whatever reading garbage throws. The catalog
    /// holds the truth, so discarding too eagerly only costs a rebuild; a lock held by another process, or missing
    /// permissions, must not discard anything.
    /// </summary>
    private static bool IsUnreadable(Exception ex) =>
        ex is not (LockObtainFailedException or UnauthorizedAccessException or OutOfMemoryException);
}

/// <summary>Each new reader's segments get their suggestion dictionaries built in the background.</summary>
internal sealed class WarmingSearcherFactory(Suggester suggester) : SearcherFactory
{
    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        suggester.WarmInBackground(reader);
        return base.NewSearcher(reader);
    }
}
