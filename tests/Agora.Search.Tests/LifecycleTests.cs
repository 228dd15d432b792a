using Lucene.Net.Analysis.Standard;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Microsoft.Extensions.DependencyInjection;
using Field = Lucene.Net.Documents.Field;
using FSDirectory = Lucene.Net.Store.FSDirectory;
using StringField = Lucene.Net.Documents.StringField;
using TextField = Lucene.Net.Documents.TextField;

namespace Agora.Search.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Writes_are_visible_after_a_refresh()
    {
        using var test = new TestIndex();
        test.Index.Rebuild([]);
        var document = Docs.Make("医院名录");

        test.Index.Upsert(document);
        await test.Index.RefreshAsync();
        Assert.Equal(1, test.Search("医院").Total);

        test.Index.Upsert(document with { TitleZh = "学校名录" });
        await test.Index.RefreshAsync();
        Assert.Equal(0, test.Search("医院").Total);
        Assert.Equal(1, test.Search("学校").Total);
        Assert.Equal(1, test.Index.Count);

        test.Index.Delete(document.Id);
        await test.Index.RefreshAsync();
        Assert.Equal(0, test.Search("学校").Total);
        Assert.Equal(0, test.Index.Count);
    }

    [Fact]
    public async Task Writes_become_visible_without_an_explicit_refresh()
    {
        using var test = new TestIndex(configure: o => o.RefreshInterval = TimeSpan.FromMilliseconds(50));
        test.Index.Rebuild([]);

        test.Index.Upsert(Docs.Make("医院名录"));

        // The background refresh does it; poll rather than assume how soon.
        for (var i = 0; i < 200 && test.Search("医院").Total == 0; i++)
        {
            await Task.Delay(25);
        }
        Assert.Equal(1, test.Search("医院").Total);
    }

    [Fact]
    public async Task The_index_survives_a_restart()
    {
        var folder = NewFolder();
        try
        {
            var document = Docs.Make("医院名录");
            using (var first = new TestIndex(folder))
            {
                Assert.Equal(RebuildReason.Missing, first.Index.RebuildReason);
                first.Index.Rebuild([Docs.Make("学校名录")]);
                first.Index.Upsert(document);
            }

            using var second = new TestIndex(folder);

            Assert.False(second.Index.NeedsRebuild);
            Assert.Equal(2, second.Index.Count);
            Assert.Equal(document.Id, Assert.Single(second.Search("医院").Items).Id);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_index_never_rebuilt_stays_marked_for_rebuild_across_restarts()
    {
        var folder = NewFolder();
        try
        {
            using (var first = new TestIndex(folder))
            {
                first.Index.Upsert(Docs.Make("医院名录"));
                first.Index.Commit();
            }

            using var second = new TestIndex(folder);

            Assert.Equal(RebuildReason.Missing, second.Index.RebuildReason);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("garbage")]
    [InlineData("delete-data")]
    [InlineData("delete-segments")]
    public async Task A_damaged_index_is_detected_discarded_and_rebuilt(string damage)
    {
        var folder = NewFolder();
        try
        {
            var documents = Enumerable.Range(0, 20).Select(i => Docs.Make("医院名录" + i, descriptionZh: "医院的名称和地址")).ToArray();
            using (var first = new TestIndex(folder))
            {
                first.Index.Rebuild(documents);
            }
            Damage(folder, damage);

            var reported = new List<RebuildReason>();
            using var second = new TestIndex(folder, o => o.RebuildNeeded = reported.Add);

            Assert.True(second.Index.NeedsRebuild);
            Assert.Equal(RebuildReason.Corrupt, second.Index.RebuildReason);
            Assert.Equal([RebuildReason.Corrupt], reported);
            Assert.Equal(0, second.Search("医院").Total);

            second.Index.Rebuild(documents);

            Assert.False(second.Index.NeedsRebuild);
            Assert.Equal(20, second.Search("医院").Total);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_index_of_an_older_layout_is_discarded_and_rebuilt_from_the_source_at_start()
    {
        var folder = NewFolder();
        try
        {
            // What an earlier version left behind: a complete, readable index whose commit names another layout
            // (stored fields where this version keeps a binary hit record, and a document the catalog no longer has).
            using (var directory = FSDirectory.Open(folder))
            using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new StandardAnalyzer(LuceneVersion.LUCENE_48))))
            {
                writer.AddDocument([new StringField("id", Guid.NewGuid().ToString("N"), Field.Store.YES), new TextField("title_zh", "医院 旧版", Field.Store.YES)]);
                writer.SetCommitData(new Dictionary<string, string> { ["agora.layout"] = "agora-search-7" });
                writer.Commit();
            }
            var reported = new List<RebuildReason>();
            var hospital = Docs.Make("医院名录");
            var source = new ListSource([hospital, Docs.Make("学校名录")]);

            using var test = new TestIndex(folder, o =>
            {
                o.RebuildNeeded = reported.Add;
                o.Source = source;
            });
            for (var i = 0; i < 400 && test.Index.NeedsRebuild; i++)
            {
                await Task.Delay(25);
            }

            Assert.Equal([RebuildReason.LayoutChanged], reported);
            Assert.False(test.Index.NeedsRebuild);
            Assert.Equal(2, test.Index.Count);
            Assert.Equal(hospital.Id, Assert.Single(test.Search("医院").Items).Id);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task With_a_source_a_missing_index_rebuilds_itself()
    {
        var source = new ListSource([Docs.Make("医院名录"), Docs.Make("学校名录")]);
        using var test = new TestIndex(configure: o => o.Source = source);

        for (var i = 0; i < 400 && test.Index.NeedsRebuild; i++)
        {
            await Task.Delay(25);
        }

        Assert.False(test.Index.NeedsRebuild);
        Assert.Equal(2, test.Index.Count);
        Assert.Equal(1, test.Search("医院").Total);
    }

    [Fact]
    public async Task Writes_made_during_a_rebuild_win_over_what_the_rebuild_read()
    {
        using var test = new TestIndex();
        var changed = Docs.Make("旧标题");
        var deleted = Docs.Make("已删除");
        var added = Docs.Make("新增数据");

        test.Index.Rebuild(Documents());
        await test.Index.RefreshAsync();

        Assert.Equal(new[] { "新标题", "新增数据" }.Order(StringComparer.Ordinal), TextSearchTests.Titles(test.Search(null)).Order(StringComparer.Ordinal));
        Assert.Equal(2, test.Index.Count);

        IEnumerable<SearchDocument> Documents()
        {
            yield return changed;
            // The catalog changes while the rebuild is reading it.
            test.Index.Upsert(changed with { TitleZh = "新标题" });
            test.Index.Upsert(added);
            test.Index.Delete(deleted.Id);
            yield return deleted;
            yield return changed;
        }
    }

    [Fact]
    public async Task A_failed_rebuild_keeps_the_previous_index()
    {
        using var test = await TestIndex.WithAsync(Docs.Make("医院名录"));

        Assert.Throws<InvalidOperationException>(() => test.Index.Rebuild(Failing()));
        await test.Index.RefreshAsync();

        Assert.Equal(1, test.Search("医院").Total);
        Assert.Equal(0, test.Search("学校").Total);

        static IEnumerable<SearchDocument> Failing()
        {
            yield return Docs.Make("学校名录");
            throw new InvalidOperationException("catalog unavailable");
        }
    }

    [Fact]
    public async Task Concurrent_writes_and_searches_are_safe()
    {
        using var test = new TestIndex(configure: o => o.RefreshInterval = TimeSpan.FromMilliseconds(20));
        test.Index.Rebuild([]);
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToArray();

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = w; i < ids.Length; i += 4)
            {
                test.Index.Upsert(Docs.Make("医院名录" + i, id: ids[i]));
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.True(test.Search("医院").Total <= ids.Length);
                test.Index.Suggest("医", SearchVisibility.Public);
            }
        }));
        await Task.WhenAll(writers.Concat(readers));
        await test.Index.RefreshAsync();

        Assert.Equal(200, test.Search("医院").Total);
    }

    [Fact]
    public void Registers_the_index_as_a_singleton()
    {
        var folder = NewFolder();
        try
        {
            var services = new ServiceCollection().AddAgoraSearch(folder, o => o.VerifyOnOpen = false);
            using (var provider = services.BuildServiceProvider())
            {
                var index = provider.GetRequiredService<ISearchIndex>();
                Assert.Same(index, provider.GetRequiredService<ISearchIndex>());
                Assert.Same(index, provider.GetRequiredService<LuceneSearchIndex>());
                Assert.Equal(RebuildReason.Missing, index.RebuildReason);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "agora-search-" + Guid.NewGuid().ToString("N"));

    private static void Damage(string folder, string how)
    {
        var files = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith("segments", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal)).ToArray();
        var largest = files.OrderByDescending(f => new FileInfo(f).Length).First();
        switch (how)
        {
            case "truncate":
                using (var stream = File.Open(largest, FileMode.Open))
                {
                    stream.SetLength(stream.Length / 2);
                }
                break;
            case "garbage":
                var bytes = File.ReadAllBytes(largest);
                for (var i = bytes.Length / 3; i < bytes.Length / 3 + 64 && i < bytes.Length; i++)
                {
                    bytes[i] ^= 0x5A;
                }
                File.WriteAllBytes(largest, bytes);
                break;
            case "delete-data":
                File.Delete(largest);
                break;
            default:
                foreach (var segments in Directory.GetFiles(folder, "segments*"))
                {
                    File.Delete(segments);
                }
                break;
        }
    }

    private sealed class ListSource(IReadOnlyList<SearchDocument> documents) : ISearchDocumentSource
    {
        public IEnumerable<SearchDocument> ReadAll(CancellationToken cancellationToken) => documents;
    }
}
