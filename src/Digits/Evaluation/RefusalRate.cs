namespace Digits.Evaluation;

/// <summary>How often the reader refused one kind of image: a kind of thing that is not a digit, or real digits.</summary>
/// <param name="Kind">What the images are, for a chart's label.</param>
/// <param name="Count">How many were read.</param>
/// <param name="Refused">How many were refused (no digit read).</param>
/// <param name="AreDigits">Whether the images are real digits (each refusal a loss) rather than things to refuse.</param>
public sealed record RefusalRate(string Kind, int Count, int Refused, bool AreDigits)
{
    /// <summary>Gets the share refused, 0 when nothing was read.</summary>
    public double Share => Count == 0 ? 0 : (double)Refused / Count;
}
