using Digits.Search;

namespace Digits.Benchmarks;

/// <summary>
/// The neighbour experiments' scoring: each query's candidates are ordered by a distance measured on them, the k
/// nearest vote (uniformly, or weighted by exp(-(d/d1 - 1)/T)), a tie goes to the digit of the nearest among the
/// tied, and the errors are counted for every k.
/// </summary>
internal static class CandidateVotes
{
    /// <summary>Errors for each k.</summary>
    /// <param name="ks">The numbers of voters.</param>
    /// <param name="truth">The queries' digits.</param>
    /// <param name="labels">The training digits.</param>
    /// <param name="found">Each query's candidates (training indices).</param>
    /// <param name="candidates">How many of them take part.</param>
    /// <param name="distancesOf">Query q's distances to its candidates, in the candidates' order.</param>
    /// <param name="tieByTrainingIndex">Equal distances ordered by training index (else by Euclidean rank).</param>
    /// <param name="temperature">0 for a uniform vote.</param>
    /// <returns>One error count per k.</returns>
    public static int[] Errors(int[] ks, byte[] truth, byte[] labels, NeighborResults found, int candidates, Func<int, float[]> distancesOf, bool tieByTrainingIndex, double temperature = 0)
    {
        var errors = new int[ks.Length];
        for (int q = 0; q < truth.Length; q++)
        {
            float[] d = distancesOf(q);
            int[] indices = found.IndicesOf(q).ToArray();
            int[] order = Enumerable.Range(0, candidates).OrderBy(j => d[j]).ThenBy(j => tieByTrainingIndex ? indices[j] : j).ToArray();
            for (int i = 0; i < ks.Length; i++)
            {
                var votes = new double[10];
                for (int j = 0; j < ks[i]; j++)
                {
                    votes[labels[indices[order[j]]]] += temperature > 0 ? Math.Exp(-((d[order[j]] / Math.Max(d[order[0]], 1e-6)) - 1) / temperature) : 1;
                }

                double top = votes.Max();
                int best = labels[indices[order.Take(ks[i]).First(j => votes[labels[indices[j]]] == top)]];
                if (best != truth[q])
                {
                    errors[i]++;
                }
            }
        }

        return errors;
    }
}
