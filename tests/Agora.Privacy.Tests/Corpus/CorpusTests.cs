using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Corpus;

public sealed class CorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Committed_corpus_is_what_the_generator_makes()
    {
        var tables = new CorpusGenerator().Generate();
        if (Environment.GetEnvironmentVariable("AGORA_WRITE_CORPUS") == "1")
        {
            CorpusGenerator.Write(tables, TestPaths.Corpus);
        }

        foreach (var table in tables)
        {
            var committed = File.ReadAllText(Path.Combine(TestPaths.Corpus, table.FileName));
            Assert.Equal(CorpusGenerator.ToCsv(table), committed);
        }
    }

    [Fact]
    public void Scanner_finds_personal_data_in_the_corpus_with_high_precision_and_recall()
    {
        var score = CorpusEvaluation.Evaluate(TestPaths.Corpus);
        output.WriteLine(score.ToMarkdown());
        foreach (var error in score.Errors)
        {
            output.WriteLine(error);
        }

        Assert.True(score.MacroPrecision >= 0.9, $"macro precision {score.MacroPrecision:0.000}");
        Assert.True(score.MacroRecall >= 0.85, $"macro recall {score.MacroRecall:0.000}");
        foreach (var type in score.Types.Where(t => t.Support >= 3))
        {
            Assert.True(type.Recall >= 0.6, $"{type.Type} recall {type.Recall:0.000}");
            Assert.True(type.Precision >= 0.6, $"{type.Type} precision {type.Precision:0.000}");
        }

        Assert.Contains(score.Types, t => t.Type == PiiType.ResidentId.Code() && t.Recall == 1);
    }
}
