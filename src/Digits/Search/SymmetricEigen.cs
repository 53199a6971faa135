namespace Digits.Search;

/// <summary>Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations.</summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the symmetric <paramref name="n"/> x <paramref name="n"/> matrix <paramref name="matrix"/> (row-major, not modified).
    /// </summary>
    /// <returns>Eigenvalues in decreasing order, and the matching eigenvectors as rows (<c>vectors[i * n + j]</c> is component j of vector i).</returns>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n)
    {
        double[] a = (double[])matrix.Clone();
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    off += a[(p * n) + q] * a[(p * n) + q];
                }
            }

            if (off < 1e-30)
            {
                break;
            }

            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[(p * n) + q];
                    if (Math.Abs(apq) < 1e-300)
                    {
                        continue;
                    }

                    double theta = (a[(q * n) + q] - a[(p * n) + p]) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    double c = 1 / Math.Sqrt((t * t) + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[(k * n) + p], akq = a[(k * n) + q];
                        a[(k * n) + p] = (c * akp) - (s * akq);
                        a[(k * n) + q] = (s * akp) + (c * akq);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[(p * n) + k], aqk = a[(q * n) + k];
                        a[(p * n) + k] = (c * apk) - (s * aqk);
                        a[(q * n) + k] = (s * apk) + (c * aqk);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vpk = v[(p * n) + k], vqk = v[(q * n) + k];
                        v[(p * n) + k] = (c * vpk) - (s * vqk);
                        v[(q * n) + k] = (s * vpk) + (c * vqk);
                    }
                }
            }
        }

        int[] order = Enumerable.Range(0, n).OrderByDescending(i => a[(i * n) + i]).ToArray();
        double[] values = order.Select(i => a[(i * n) + i]).ToArray();
        double[] vectors = new double[n * n];
        for (int r = 0; r < n; r++)
        {
            Array.Copy(v, order[r] * n, vectors, r * n, n);
        }

        return (values, vectors);
    }
}
