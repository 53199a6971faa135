using Digits.Classifiers;
using Digits.Lines;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Reads each line that segmentation found again, whole, with the line reader (<see cref="LineNetwork"/>), whose
/// reading replaces segmentation's whenever it reads a digit there: the line reader sees digits that touch, small zeros, thin 1s and the marks
/// among the digits (<c>1.500</c>, <c>623,68</c>) in their context, where marks cut apart and read one by one
/// are each a guess. On the cheques' tuning part, keeping segmentation's reading when it was likelier (its digits'
/// confidences multiplied, against the line's best path at half, a tenth or a third of it) read 41, 59 and 50 of
/// 87 amounts, against 60 with the line reader always. Its digits take the boxes, 28x28 inputs and neighbours of the marks they fall on; its
/// marks become characters of the numbers, never digits. A line's numbers end at its wide blanks, as segmentation's do.
/// </summary>
internal sealed class WholeLines(LineNetwork network, PhotoOptions options)
{
    /// <summary>The reason given for a mark the line reader reads as a letter or symbol.</summary>
    public const string LetterLike = "not a digit: letter-like";

    /// <summary>How sure the line reader must be, on average, that a cell's marks are letters for it to be left out whole.</summary>
    public const double LetterConfidence = 0.6;

    private readonly List<LeftOutMark> _leftOut = [];

    /// <summary>Gets the marks left out of the numbers read so far because the line reader reads them as letters or symbols.</summary>
    public IReadOnlyList<LeftOutMark> LeftOut => _leftOut;

    /// <summary>How far the band a line is read in reaches above and below its writing, as a share of its height.</summary>
    public const double BandMargin = 0.3;

    /// <summary>Reads the lines again.</summary>
    /// <param name="lines">The lines as segmentation grouped them.</param>
    /// <param name="boxOf">Each digit's box in the page as read (turned upright), by digit.</param>
    /// <param name="ink">The ink map of the page as read.</param>
    /// <param name="binary">The thresholded ink of the page as read.</param>
    /// <param name="walls">A table's lines in the page as read (erased from the ink), or null: numbers on either side of one are two.</param>
    /// <param name="toOriginal">Maps a box of the page as read to the original photo's pixels.</param>
    public IReadOnlyList<FoundLine> Read(IReadOnlyList<FoundLine> lines, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat ink, Mat binary, Mat? walls, Func<Rect, int[]> toOriginal)
    {
        // A table's walls as straight pieces, at least a digit tall, to place a wall in a row where the mask missed it.
        int[] heights = [.. boxOf.Values.Select(b => b.Height).Order()];
        TableWalls? pieces = walls is null || heights.Length == 0 ? null : TableWalls.Of(walls, Math.Max(8, heights[heights.Length / 2]));
        return Level(lines, boxOf).SelectMany(group => ReadLine(group, boxOf, ink, binary, walls, pieces, toOriginal)).ToArray();
    }

    /// <summary>A line whose writing slopes more than this many degrees is left to segmentation, which turns each digit upright.</summary>
    public const double MaximumSlant = 6;

    // Lines whose writing lies mostly level with each other's are one line read once (segmentation may make two
    // of one amount when a stray mark or a separator sits a little high or low). Level with every line of the
    // group, not with their union: rows of a table, each a little level with the next, stay rows.
    private static List<List<FoundLine>> Level(IReadOnlyList<FoundLine> lines, IReadOnlyDictionary<FoundDigit, Rect> boxOf)
    {
        var groups = new List<List<(FoundLine Line, Rect Box)>>();
        foreach (FoundLine line in lines)
        {
            Rect box = Writing(line, boxOf);
            List<(FoundLine Line, Rect Box)>? group = groups.Find(g => g.TrueForAll(member => LevelWith(member.Box, box)));
            if (group is null)
            {
                groups.Add([(line, box)]);
            }
            else
            {
                group.Add((line, box));
            }
        }

        return groups.Select(g => g.ConvertAll(member => member.Line)).ToList();
    }

    private static bool LevelWith(Rect a, Rect b)
        => Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top) >= 0.5 * Math.Min(a.Height, b.Height);

    private static Rect Writing(FoundLine line, IReadOnlyDictionary<FoundDigit, Rect> boxOf)
        => line.Numbers.SelectMany(n => n.Digits).Select(d => boxOf[d]).Aggregate((a, b) => a.Union(b));

    // Where to read a line: across the whole width of the page (or of a table's cell) in the band of its writing,
    // a little higher and lower. Segmentation may have missed a faint digit or a mark at either end, or cut a
    // digit's tail: on the cheques' tuning part the band read 55 of 87 amounts, the writing's own box with
    // margins 47 (and the likelier of the two 48: a crop that leaves a hard digit out looks likelier).
    private static Rect Band(Rect writing, int left, int right)
    {
        int grow = (int)Math.Round(writing.Height * BandMargin);
        return new Rect(left, writing.Y - grow, right - left, writing.Height + (2 * grow));
    }

    private List<FoundLine> ReadLine(List<FoundLine> lines, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat ink, Mat binary, Mat? walls, TableWalls? pieces, Func<Rect, int[]> toOriginal)
    {
        FoundDigit[] marks = lines.SelectMany(l => l.Numbers).SelectMany(n => n.Digits).OrderBy(d => boxOf[d].X).ToArray();
        if (marks.All(d => d.Digit is null))
        {
            return lines; // nothing in it looked like a digit: it stays refused
        }

        if (Math.Abs(LineLayout.Slant(marks.Select(m => new[] { boxOf[m].X, boxOf[m].Y, boxOf[m].Width, boxOf[m].Height }).ToArray())) > MaximumSlant)
        {
            return lines; // the line reader has only seen level lines; segmentation turns each digit upright
        }

        // In a table, each cell of the line is read on its own, between its walls: a cell is a field of its own,
        // and the walls' remnants are no writing.
        Rect writing = marks.Select(d => boxOf[d]).Aggregate((a, b) => a.Union(b));
        var cells = Cells(marks, boxOf, walls, pieces, writing, ink.Width);
        var numbers = new List<FoundNumber>();
        bool read = false;
        foreach (var (cell, left, right) in cells)
        {
            FoundNumber[]? cellNumbers = ReadCell(cell, left, right, boxOf, ink, binary, toOriginal, part => SegmentationNumbers(lines, part));
            if (cellNumbers is null && cells.Count == 1)
            {
                return lines;
            }

            read |= cellNumbers is not null;
            numbers.AddRange(cellNumbers ?? SegmentationNumbers(lines, cell));
        }

        return numbers.Count > 0 ? [new FoundLine(string.Join(' ', numbers.Select(n => n.Text)), Union(numbers.Select(n => n.Box)), numbers)]
            : read ? [] : lines;
    }

    // The line's marks in the cells of a table's row (split at each wall that crosses the writing), each cell with
    // its span; the whole width as one cell when there is no table.
    private static List<(FoundDigit[] Marks, int Left, int Right)> Cells(FoundDigit[] marks, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat? walls, TableWalls? pieces, Rect writing, int width)
    {
        bool[] wall = walls is null ? new bool[width] : WallColumns(walls, writing);
        foreach (int at in pieces?.Crossings(writing.Y + (writing.Height / 2), 2 * writing.Height) ?? [])
        {
            for (int c = Math.Max(0, at - 1); c <= Math.Min(width - 1, at + 1); c++)
            {
                wall[c] = true;
            }
        }
        var cells = new List<(FoundDigit[] Marks, int Left, int Right)>();
        int x = 0;
        while (x < width)
        {
            int left = x;
            while (x < width && !wall[x])
            {
                x++;
            }

            int right = x;
            FoundDigit[] inside = marks.Where(m => CentreX(boxOf[m]) >= left && CentreX(boxOf[m]) < right).ToArray();
            if (inside.Length > 0)
            {
                cells.Add((inside, left, right));
            }

            while (x < width && wall[x])
            {
                x++;
            }
        }

        return cells;
    }

    // The columns where a table's wall crosses most of the writing's height (a hand-ruled wall leans a little:
    // its pixels are looked for a few columns either side).
    private static bool[] WallColumns(Mat walls, Rect writing)
    {
        var wall = new bool[walls.Width];
        Rect rows = writing.Intersect(new Rect(0, 0, walls.Width, walls.Height));
        rows = new Rect(0, rows.Y, walls.Width, rows.Height);
        if (rows.Height < 1)
        {
            return wall;
        }

        using var part = new Mat(walls, rows);
        using var leaning = new Mat();
        using (var lean = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(Math.Max(3, (writing.Height / 8) | 1), 1)))
        {
            Cv2.Dilate(part, leaning, lean);
        }

        using var counts = new Mat();
        Cv2.Reduce(leaning, counts, ReduceDimension.Row, ReduceTypes.Sum, MatType.CV_32SC1.Value);
        counts.GetArray(out int[] sums);
        for (int x = 0; x < wall.Length; x++)
        {
            wall[x] = sums[x] / 255 >= 0.6 * rows.Height;
        }

        return wall;
    }

    // Segmentation's numbers, as far as they lie in one cell (a cell the line reader read nothing in).
    private static IEnumerable<FoundNumber> SegmentationNumbers(List<FoundLine> lines, FoundDigit[] cell)
    {
        var inCell = new HashSet<FoundDigit>(cell, ReferenceEqualityComparer.Instance);
        foreach (FoundNumber number in lines.SelectMany(l => l.Numbers))
        {
            FoundDigit[] digits = number.Digits.Where(inCell.Contains).ToArray();
            if (digits.Length > 0)
            {
                yield return new FoundNumber(new string(digits.Select(d => d.Digit is { } v ? (char)('0' + v) : '?').ToArray()), Union(digits.Select(d => d.Box)), digits);
            }
        }
    }

    // Reads one cell (or the whole line) whole; null when the line reader leaves it to segmentation, whose numbers
    // in a part of the cell are segmentationNumbers(part).
    private FoundNumber[]? ReadCell(FoundDigit[] marks, int left, int right, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat ink, Mat binary, Func<Rect, int[]> toOriginal, Func<FoundDigit[], IEnumerable<FoundNumber>> segmentationNumbers, bool whole = true)
    {
        Rect writing = marks.Select(d => boxOf[d]).Aggregate((a, b) => a.Union(b));
        int pen = StrokeWidth.Median(binary, writing), floor = (int)Math.Round(writing.Height * MinimumPen);
        var (image, region) = PhotoLines.CropWithRegion(ink, Band(writing, left, right), margin: false, pen: pen > 0 && pen < floor ? floor - pen + 1 : 0);
        LineReading reading = network.Read(image);
        LineCharacter[] letters = reading.Characters.Where(c => c.Character == LineAlphabet.NotDigit).ToArray();
        if (marks.Length == 1 && reading.Characters.Count <= 1 && (whole || letters.Length == 0))
        {
            // A lone mark has no context for the line reader to use; the digit model, which has seen ten times as
            // many digits alone, reads it or refuses it, as it does a drawing (the single-digit photos: 68 of 70
            // so, 66 with the line reader; a reader that knows letters took 15 of them for letters). A mark alone
            // in a group of a line that holds letters is the line reader's to judge: it is likelier a letter of a
            // widely spaced word.
            return null;
        }

        if (reading.Digits.Length == 0 && letters.Length > 0 && letters.Average(c => c.Confidence) >= LetterConfidence
            && !AllSure(marks))
        {
            // A word, a letter or a symbol (unless the digit model is sure of every mark): nothing of it is a number.
            _leftOut.AddRange(marks.Select(m => new LeftOutMark(m.Box, LetterLike)));
            return [];
        }

        if (whole && letters.Length > 0 && Groups(marks, boxOf) is { Count: > 1 } groups)
        {
            // A word beside a number (letters and digits read): a word's context can make the reader take the
            // digits across a wide blank for letters too, so each group of marks between wide blanks is read on
            // its own.
            return ReadGroups(groups, left, right, boxOf, ink, binary, toOriginal, segmentationNumbers);
        }

        if (reading.Digits.Length == 0)
        {
            return null;
        }

        // The line's characters in order, letters among them: each with the segmentation mark it fell on, if any.
        var used = new HashSet<FoundDigit>();
        var read = new List<(FoundCharacter Character, FoundDigit? Digit, Rect Box, FoundDigit[] Under)>();
        for (int i = 0; i < reading.Characters.Count; i++)
        {
            LineCharacter c = InNumber(reading.Characters, i);
            double from = region.X + (c.Left * image.Scale), to = region.X + (c.Right * image.Scale);
            Rect columns = new((int)from, writing.Y, Math.Max(1, (int)Math.Ceiling(to - from)), writing.Height);
            if (c.Character == LineAlphabet.NotDigit)
            {
                FoundDigit[] under = MarksUnder(from, to, marks, used, boxOf);
                Rect box = under.Length > 0 ? under.Select(m => boxOf[m]).Aggregate((a, b) => a.Union(b)) : InkBox(binary, columns);
                if (under is [{ Digit: { } sure } mark] && AllSure(under))
                {
                    // One mark the digit model is all but certain of: a digit, whatever its look (a typed 4).
                    read.Add((new FoundCharacter((char)('0' + sure), mark.Box, mark.Confidence), mark, box, []));
                    continue;
                }

                read.Add((new FoundCharacter(c.Character, toOriginal(box), c.Confidence), null, box, under));
            }
            else if (c.Character is >= '0' and <= '9')
            {
                var (digit, box) = Digit(c, from, to, writing, marks, used, boxOf, binary, toOriginal);
                read.Add((new FoundCharacter(digit.Digit is { } d ? (char)('0' + d) : '?', digit.Box, c.Confidence), digit, box, []));
            }
            else
            {
                Rect box = InkBox(binary, columns);
                read.Add((new FoundCharacter(c.Character, toOriginal(box), c.Confidence), null, box, []));
            }
        }

        // Groups end where segmentation's rule for lines splits the blanks between the characters (widely spaced
        // digits of one number stay one). A group that is largely letters is a word, digit-like letters and all
        // ("Total" read as 7, 0, two letters and 1; "d1" as a column's label): nothing of it is a number. In
        // another group a letter is left out and ends the number before it.
        double height = Median(marks.Where(m => m.Digit is not null).Select(m => (double)boxOf[m].Height));
        double[] gaps = read.Zip(read.Skip(1), (a, b) => (double)Math.Max(0, b.Box.Left - a.Box.Right)).ToArray();
        var numbers = new List<FoundNumber>();
        foreach (var group in CutAt(read, LineLayout.Splits(gaps, height)))
        {
            int letterCount = group.Count(c => c.Character.Character == LineAlphabet.NotDigit);
            bool word = letterCount > 0 && letterCount >= WordShare * group.Length && !AllSure([.. group.SelectMany(c => c.Digit is { } d ? [d] : c.Under)]);
            foreach (var c in group.Where(c => word || c.Character.Character == LineAlphabet.NotDigit))
            {
                IEnumerable<FoundDigit> under = c.Digit is { } d ? [d] : c.Under;
                _leftOut.AddRange(under.Any() ? under.Select(m => new LeftOutMark(m.Box, LetterLike)) : [new LeftOutMark(c.Character.Box, LetterLike)]);
            }

            if (!word)
            {
                numbers.AddRange(Split(group.Select(c => (c.Character, c.Digit)).ToList()));
            }
        }

        return [.. numbers];
    }

    // The marks in groups between segmentation's wide blanks (its rule for numbers), left to right.
    private static List<FoundDigit[]> Groups(FoundDigit[] marks, IReadOnlyDictionary<FoundDigit, Rect> boxOf)
    {
        FoundDigit[] ordered = [.. marks.OrderBy(m => boxOf[m].X)];
        var gaps = new double[Math.Max(0, ordered.Length - 1)];
        int reach = ordered.Length > 0 ? boxOf[ordered[0]].Right : 0;
        for (int i = 1; i < ordered.Length; i++)
        {
            gaps[i - 1] = Math.Max(0, boxOf[ordered[i]].Left - reach);
            reach = Math.Max(reach, boxOf[ordered[i]].Right);
        }

        return CutAt(ordered, LineLayout.Splits(gaps, Median(ordered.Select(m => (double)boxOf[m].Height))));
    }

    // The items in runs, a run ending wherever splits[i] says the blank after item i splits them.
    private static List<T[]> CutAt<T>(IReadOnlyList<T> items, bool[] splits)
    {
        var runs = new List<T[]>();
        int first = 0;
        for (int i = 1; i <= items.Count; i++)
        {
            if (i == items.Count || splits[i - 1])
            {
                runs.Add([.. items.Skip(first).Take(i - first)]);
                first = i;
            }
        }

        return runs;
    }

    // Each group read on its own, between the middles of the blanks round it; a group the line reader leaves to
    // segmentation is segmentation's numbers in it.
    private FoundNumber[] ReadGroups(List<FoundDigit[]> groups, int left, int right, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat ink, Mat binary, Func<Rect, int[]> toOriginal, Func<FoundDigit[], IEnumerable<FoundNumber>> segmentationNumbers)
    {
        var numbers = new List<FoundNumber>();
        for (int g = 0; g < groups.Count; g++)
        {
            int from = g == 0 ? left : (groups[g - 1].Max(m => boxOf[m].Right) + groups[g].Min(m => boxOf[m].Left)) / 2;
            int to = g == groups.Count - 1 ? right : (groups[g].Max(m => boxOf[m].Right) + groups[g + 1].Min(m => boxOf[m].Left)) / 2;
            FoundDigit[] group = groups[g];
            FoundNumber[]? read = ReadCell(group, from, to, boxOf, ink, binary, toOriginal, segmentationNumbers, whole: false);
            numbers.AddRange(read ?? (group.Any(m => m.Digit is not null) ? segmentationNumbers(group) : []));
        }

        return [.. numbers];
    }

    /// <summary>A letter read between two digits is taken for the digit it looked most like unless the line reader is at least this sure of it (a crossed 7 or an open 4 inside a number).</summary>
    public const double InteriorLetterConfidence = 0.9;

    // A letter between two digits, read with less than InteriorLetterConfidence, as its likeliest digit.
    private static LineCharacter InNumber(IReadOnlyList<LineCharacter> characters, int i)
    {
        LineCharacter c = characters[i];
        bool interior = i > 0 && i < characters.Count - 1 && char.IsAsciiDigit(characters[i - 1].Character) && char.IsAsciiDigit(characters[i + 1].Character);
        return c.Character == LineAlphabet.NotDigit && interior && c.Confidence < InteriorLetterConfidence
            ? c with { Character = (char)('0' + Array.IndexOf(c.Digits, c.Digits.Max())) }
            : c;
    }

    /// <summary>The narrowest pen, as a share of the writing's height, that the line reader is shown: a finer one is widened to it (its synthetic digits were written no finer, some of its letters were; a mouse-drawn 6666 read as four letters). 0.06: single-digit photos 68 of 70, 0.09: 65.</summary>
    public const double MinimumPen = 0.06;

    /// <summary>
    /// A mark the digit model reads with at least this confidence (and does not refuse) is never taken for a letter:
    /// the line reader learned letters from fonts and can take a typed digit for one. 0.999: a typed 47 reads, words
    /// in bench/not_digits.py left out 29 of 40 (31 without the rule), numbers read 34 of 40 (31).
    /// </summary>
    public const double SureDigitConfidence = 0.999;

    private static bool AllSure(FoundDigit[] marks) => marks.Length > 0 && marks.All(m => m.Digit is not null && m.Confidence >= SureDigitConfidence);

    /// <summary>The share of a group's characters (between wide blanks) that, read as letters, make the whole group a word.</summary>
    public const double WordShare = 1.0 / 3;

    // A group's numbers: broken at each letter, which is left out; a part without digits is no number.
    private static IEnumerable<FoundNumber> Split(List<(FoundCharacter Character, FoundDigit? Digit)> group)
    {
        var part = new List<(FoundCharacter Character, FoundDigit? Digit)>();
        foreach (var c in group.Append((new FoundCharacter(LineAlphabet.NotDigit, [0, 0, 0, 0], 0), null)))
        {
            if (c.Character.Character != LineAlphabet.NotDigit)
            {
                part.Add(c);
                continue;
            }

            if (part.Any(p => p.Digit is not null))
            {
                yield return new FoundNumber(
                    new string(part.Select(p => p.Character.Character).ToArray()),
                    Union(part.Select(p => p.Character.Box)),
                    part.Where(p => p.Digit is not null).Select(p => p.Digit!).ToArray())
                {
                    Characters = part.Select(p => p.Character).ToArray(),
                };
            }

            part.Clear();
        }
    }

    // The marks under a letter the line reader read (each taken once).
    private static FoundDigit[] MarksUnder(double left, double right, FoundDigit[] marks, HashSet<FoundDigit> used, IReadOnlyDictionary<FoundDigit, Rect> boxOf)
    {
        double centre = (left + right) / 2;
        FoundDigit[] under = marks.Where(m => !used.Contains(m) && Math.Abs(CentreX(boxOf[m]) - centre) <= Math.Max((right - left) / 2, boxOf[m].Width / 2.0)).ToArray();
        used.UnionWith(under);
        return under;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    // A digit the line reader read: on the mark segmentation found there (its box, input and, when they agree,
    // neighbours), or else on the ink under its columns. The refusal rule judges it as it judges any digit.
    private (FoundDigit Digit, Rect Box) Digit(LineCharacter c, double left, double right, Rect writing, FoundDigit[] marks, HashSet<FoundDigit> used, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat binary, Func<Rect, int[]> toOriginal)
    {
        int value = c.Character - '0';
        double centre = (left + right) / 2;
        FoundDigit? under = marks.Where(m => !used.Contains(m) && Math.Abs(CentreX(boxOf[m]) - centre) <= Math.Max((right - left) / 2, boxOf[m].Width / 2.0))
            .OrderBy(m => Math.Abs(CentreX(boxOf[m]) - centre)).FirstOrDefault();
        double[] probabilities = c.Digits;
        if (under is not null)
        {
            used.Add(under);
            if (under.Prediction.Neighbors.Any(n => n.Personal))
            {
                // The user taught this writer's digits: the model with their examples decides, as it would alone.
                return (under, boxOf[under]);
            }

            var agreed = new DigitPrediction(value, probabilities, under.Prediction.Digit == value ? under.Prediction.Neighbors : []);
            return (under with { Digit = Refuse(agreed) is null ? value : null, Confidence = agreed.Confidence, Prediction = agreed, Refusal = Refuse(agreed) }, boxOf[under]);
        }

        Rect box = InkBox(binary, new Rect((int)left, writing.Y, Math.Max(1, (int)Math.Ceiling(right - left)), writing.Height));
        using var part = new Mat(binary, box);
        byte[] input = DigitNormalizer.Normalize(part, strokeRatio: options.StrokeRatio);
        using Mat copy = part.Clone();
        copy.GetArray(out byte[] pixels);
        InkShape shape = InkShape.Measure(pixels, box.Width, box.Height);
        var prediction = new DigitPrediction(value, probabilities, []);
        string? refusal = Refuse(prediction);
        return (new FoundDigit(refusal is null ? value : null, c.Confidence, toOriginal(box), input, prediction, refusal, shape), box);
    }

    // The line reader's digits are refused below the rule's confidence, as any digit; the not-a-digit score does
    // not judge them again (segmentation's marks under them already passed it).
    private string? Refuse(DigitPrediction prediction) => options.Refusal.Refuse(prediction);

    // The ink's bounding box within a region (the region itself when it holds no ink).
    private static Rect InkBox(Mat binary, Rect region)
    {
        region = region.Intersect(new Rect(0, 0, binary.Width, binary.Height));
        if (region.Width < 1 || region.Height < 1)
        {
            return new Rect(Math.Clamp(region.X, 0, binary.Width - 1), Math.Clamp(region.Y, 0, binary.Height - 1), 1, 1);
        }

        using var part = new Mat(binary, region);
        Rect ink = Cv2.BoundingRect(part);
        return ink.Width == 0 ? region : new Rect(region.X + ink.X, region.Y + ink.Y, ink.Width, ink.Height);
    }

    private static double CentreX(Rect box) => box.X + (box.Width / 2.0);

    private static int[] Union(IEnumerable<int[]> boxes)
    {
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        foreach (int[] b in boxes)
        {
            (left, top, right, bottom) = (Math.Min(left, b[0]), Math.Min(top, b[1]), Math.Max(right, b[0] + b[2]), Math.Max(bottom, b[1] + b[3]));
        }

        return left > right ? [0, 0, 0, 0] : [left, top, right - left, bottom - top];
    }
}
