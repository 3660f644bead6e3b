namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>Logistic regression by gradient descent with a light L2 penalty: enough for seven features and a hundred-odd rows.</summary>
internal static class LogisticFit
{
    public static (double Intercept, double[] Weights) Fit(IReadOnlyList<double[]> x, IReadOnlyList<bool> y, int iterations = 60000, double rate = 0.05, double l2 = 0.0005)
    {
        var n = x.Count;
        var d = x[0].Length;
        var w = new double[d];
        var b = 0.0;
        for (var it = 0; it < iterations; it++)
        {
            var gb = 0.0;
            var gw = new double[d];
            for (var i = 0; i < n; i++)
            {
                var error = Predict(b, w, x[i]) - (y[i] ? 1 : 0);
                gb += error;
                for (var j = 0; j < d; j++)
                    gw[j] += error * x[i][j];
            }
            b -= rate * gb / n;
            for (var j = 0; j < d; j++)
                w[j] -= rate * (gw[j] / n + l2 * w[j]);
        }
        return (b, w);
    }

    public static double Predict(double intercept, double[] weights, double[] x)
    {
        var z = intercept;
        for (var j = 0; j < x.Length; j++)
            z += weights[j] * x[j];
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Mean negative log-likelihood: lower is better calibrated.</summary>
    public static double LogLoss(IReadOnlyList<double> p, IReadOnlyList<bool> y) =>
        -Enumerable.Range(0, p.Count).Average(i => Math.Log(Math.Clamp(y[i] ? p[i] : 1 - p[i], 1e-6, 1)));
}
