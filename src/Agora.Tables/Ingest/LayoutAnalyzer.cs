namespace Agora.Tables.Ingest;

/// <summary>A row held while the layout is worked out, or while it is unclear whether it is data or a note.</summary>
internal sealed record HeldRow(string[] Cells, long Line)
{
    public int NonEmpty => Cells.Count(c => !string.IsNullOrWhiteSpace(c));

    /// <summary>Fields up to the last non-empty one.</summary>
    public int Width
    {
        get
        {
            for (var i = Cells.Length - 1; i >= 0; i--)
            {
                if (!string.IsNullOrWhiteSpace(Cells[i]))
                {
                    return i + 1;
                }
            }
            return 0;
        }
    }

    public string Text => string.Join(" ", Cells.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()));
}

/// <summary>The shape of a table found in the first rows of a file.</summary>
internal sealed record Layout(int Width, int HeaderIndex, int HeaderRows, bool HasHeader, List<string> HeaderCells);

/// <summary>
/// Finds where the table starts in the first rows of a file: title rows above the header, a header of one or
/// more rows (merged cells leave gaps that are filled from the left), or no header at all.
/// </summary>
internal static class LayoutAnalyzer
{
    private static readonly string[] NotePrefixes = ["注", "数据来源", "资料来源", "来源：", "来源:", "说明：", "说明:", "备注", "附注", "Note", "Source", "*"];

    public static bool IsNoteText(string text)
    {
        var t = text.TrimStart();
        return NotePrefixes.Any(p => t.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }

    public static Layout Analyze(IReadOnlyList<HeldRow> rows, bool fixedHeader)
    {
        if (rows.Count == 0)
        {
            throw new IngestException("empty-file", "The file has no rows.");
        }
        if (fixedHeader)
        {
            return new Layout(rows[0].Cells.Length, 0, 1, true, [.. rows[0].Cells]);
        }
        var width = Width(rows);
        var minimum = width <= 1 ? 1 : Math.Max(2, (int)Math.Ceiling(width * 0.5));
        var h = 0;
        while (h < rows.Count && rows[h].NonEmpty < minimum)
        {
            h++;
        }
        if (h == rows.Count)
        {
            h = 0;
            while (h < rows.Count && rows[h].NonEmpty == 0)
            {
                h++;
            }
            if (h == rows.Count)
            {
                throw new IngestException("empty-file", "The file has no values, only empty rows.");
            }
        }
        var below = rows.Skip(h + 1).Take(50).ToList();
        if (LooksLikeData(rows[h], below, width))
        {
            return new Layout(width, h, 0, false, []);
        }
        var header = Pad(rows[h].Cells, width);
        var headerRows = 1;
        while (headerRows < 3 && h + headerRows < rows.Count - 1)
        {
            var next = rows[h + headerRows];
            var data = rows.Skip(h + headerRows + 1).Take(50).ToList();
            if (!IsContinuation(header, Pad(next.Cells, width), data, width))
            {
                break;
            }
            header = Join(header, Pad(next.Cells, width));
            headerRows++;
        }
        return new Layout(width, h, headerRows, true, header);
    }

    private static int Width(IReadOnlyList<HeldRow> rows)
    {
        var counts = rows.Where(r => r.NonEmpty >= 2).GroupBy(r => r.Cells.Length).Select(g => (Width: g.Key, Count: g.Count())).ToList();
        if (counts.Count == 0)
        {
            return Math.Max(1, rows.Max(r => r.Width));
        }
        var best = counts.OrderByDescending(c => c.Count).ThenByDescending(c => c.Width).First();
        // Trailing empty cells differ between exporters; the widest row that matters sets the width.
        var needed = rows.Where(r => r.NonEmpty >= 2).Max(r => r.Width);
        return Math.Max(best.Width, needed);
    }

    private static bool Typed(string cell)
    {
        var value = cell.AsSpan().Trim();
        if (value.IsEmpty || ValueClassifier.IsNullToken(value))
        {
            return false;
        }
        var traits = default(ColumnTraits);
        return ValueClassifier.Classify(value, ref traits) != TypeMask.None;
    }

    private static bool IsEmpty(string cell) => string.IsNullOrWhiteSpace(cell);

    /// <summary>The typed columns of the rows below, by majority.</summary>
    private static bool[] TypedColumns(List<HeldRow> data, int width)
    {
        var typed = new bool[width];
        for (var j = 0; j < width; j++)
        {
            int yes = 0, filled = 0;
            foreach (var row in data)
            {
                if (j < row.Cells.Length && !IsEmpty(row.Cells[j]) && !ValueClassifier.IsNullToken(row.Cells[j].AsSpan().Trim()))
                {
                    filled++;
                    yes += Typed(row.Cells[j]) ? 1 : 0;
                }
            }
            typed[j] = filled > 0 && yes * 2 > filled;
        }
        return typed;
    }

    private static bool LooksLikeData(HeldRow candidate, List<HeldRow> below, int width)
    {
        if (below.Count == 0)
        {
            return false;
        }
        var typed = TypedColumns(below, width);
        if (!typed.Any(t => t))
        {
            return false;
        }
        for (var j = 0; j < width; j++)
        {
            var cell = j < candidate.Cells.Length ? candidate.Cells[j] : "";
            if (IsEmpty(cell))
            {
                continue;
            }
            if (typed[j] != Typed(cell))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsContinuation(List<string> header, List<string> next, List<HeldRow> data, int width)
    {
        if (next.Any(c => !IsEmpty(c) && Typed(c)) || next.All(IsEmpty) || data.Count == 0)
        {
            return false;
        }
        var typed = TypedColumns(data, width);
        var textOverTyped = Enumerable.Range(0, width).Any(j => typed[j] && !IsEmpty(next[j]));
        var headerGap = Enumerable.Range(1, width - 1).Any(j => IsEmpty(header[j]) && !IsEmpty(next[j]));
        var verticalMerge = Enumerable.Range(0, width).Any(j => !IsEmpty(header[j]) && IsEmpty(next[j]));
        return headerGap && (textOverTyped || verticalMerge);
    }

    private static List<string> Pad(string[] cells, int width)
    {
        var list = new List<string>(width);
        for (var i = 0; i < width; i++)
        {
            list.Add(i < cells.Length ? cells[i] : "");
        }
        return list;
    }

    /// <summary>Merged cells are exported as one value then blanks: carry the value right, then join the parts.</summary>
    private static List<string> Join(List<string> top, List<string> bottom)
    {
        var joined = new List<string>(top.Count);
        var carried = "";
        for (var j = 0; j < top.Count; j++)
        {
            if (!IsEmpty(top[j]))
            {
                carried = top[j].Trim();
            }
            else if (IsEmpty(bottom[j]))
            {
                carried = "";
            }
            var upper = IsEmpty(top[j]) ? carried : top[j].Trim();
            var lower = bottom[j].Trim();
            joined.Add(upper.Length == 0 ? lower : lower.Length == 0 || lower == upper ? upper : $"{upper}_{lower}");
        }
        return joined;
    }
}
