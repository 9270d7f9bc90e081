namespace CohortGrid.Analytics.Survival;

/// <summary>
/// The Cox partial log-likelihood with its score vector and information matrix, evaluated in one O(n·p²) pass:
/// subjects are sorted by stratum and descending time, so each risk set is the previous one plus the subjects
/// tied at the current time, and the risk-set sums S0 = Σ r, S1 = Σ r·x, S2 = Σ r·x·xᵀ (r = exp(η)) are running
/// totals. Covariates are centred (as R does) so exp(η) stays in range and S2/S0 − a·aᵀ does not cancel badly.
/// </summary>
internal sealed class CoxLikelihood
{
    private readonly int _n;
    private readonly int _p;
    private readonly double[] _x;
    private readonly double[] _time;
    private readonly bool[] _event;
    private readonly int[] _strataStart;
    private readonly CoxTies _ties;
    private readonly double _penalty;
    private readonly double[] _eta;
    private readonly double[] _s1;
    private readonly double[] _s2;
    private readonly double[] _d1;
    private readonly double[] _d2;
    private readonly double[] _a;

    /// <param name="x">Centred covariates of the sorted subjects, row-major n × p.</param>
    /// <param name="time">Times sorted descending within each stratum.</param>
    /// <param name="events">Event flags in the same order.</param>
    /// <param name="strataStart">Start index of each stratum, plus n at the end.</param>
    /// <param name="p">Number of covariates.</param>
    /// <param name="ties">Tie handling.</param>
    /// <param name="penalty">Ridge λ (0 for none).</param>
    public CoxLikelihood(double[] x, double[] time, bool[] events, int[] strataStart, int p, CoxTies ties, double penalty)
    {
        _n = time.Length;
        _p = p;
        _x = x;
        _time = time;
        _event = events;
        _strataStart = strataStart;
        _ties = ties;
        _penalty = penalty;
        _eta = new double[_n];
        _s1 = new double[p];
        _s2 = new double[p * p];
        _d1 = new double[p];
        _d2 = new double[p * p];
        _a = new double[p];
    }

    public int Parameters => _p;

    /// <summary>λ/2·Σβ², the ridge penalty at <paramref name="beta"/>.</summary>
    public double Penalty(ReadOnlySpan<double> beta) => _penalty * VectorMath.Dot(beta, beta) / 2;

    /// <summary>
    /// Penalised log partial likelihood at <paramref name="beta"/>; writes its gradient into <paramref name="u"/>
    /// and the negative Hessian (information, p × p row-major) into <paramref name="information"/>.
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> beta, Span<double> u, Span<double> information)
    {
        var p = _p;
        u.Clear();
        information.Clear();
        for (var i = 0; i < _n; i++)
        {
            _eta[i] = VectorMath.Dot(_x.AsSpan(i * p, p), beta);
        }

        var loglik = 0.0;
        for (var s = 0; s + 1 < _strataStart.Length; s++)
        {
            loglik += Stratum(_strataStart[s], _strataStart[s + 1], u, information);
        }

        if (_penalty > 0)
        {
            loglik -= Penalty(beta);
            for (var j = 0; j < p; j++)
            {
                u[j] -= _penalty * beta[j];
                information[(j * p) + j] += _penalty;
            }
        }

        return loglik;
    }

    /// <summary>
    /// Baseline hazard increments at the covariate means, per stratum and event time: Breslow's d/S0, or Efron's
    /// Σₖ 1/(S0 − k/d·D0) for an Efron fit (what R's <c>survfit.coxph</c> and <c>basehaz</c> use by default).
    /// </summary>
    public List<(int Stratum, double Time, int Events, int AtRisk, double Increment)> HazardIncrements(ReadOnlySpan<double> beta)
    {
        var p = _p;
        var result = new List<(int, double, int, int, double)>();
        for (var s = 0; s + 1 < _strataStart.Length; s++)
        {
            var s0 = 0.0;
            var start = _strataStart[s];
            var end = _strataStart[s + 1];
            var i = start;
            while (i < end)
            {
                var t = _time[i];
                var d = 0;
                var d0 = 0.0;
                var j = i;
                for (; j < end && _time[j] == t; j++)
                {
                    var r = Math.Exp(VectorMath.Dot(_x.AsSpan(j * p, p), beta));
                    s0 += r;
                    if (_event[j])
                    {
                        d++;
                        d0 += r;
                    }
                }

                if (d > 0)
                {
                    var increment = 0.0;
                    if (_ties == CoxTies.Breslow)
                    {
                        increment = d / s0;
                    }
                    else
                    {
                        for (var k = 0; k < d; k++)
                        {
                            increment += 1 / (s0 - ((double)k / d * d0));
                        }
                    }

                    result.Add((s, t, d, j - start, increment));
                }

                i = j;
            }
        }

        // Built backwards in time; callers want them forwards, stratum by stratum.
        result.Sort((a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : a.Item2.CompareTo(b.Item2));
        return result;
    }

    private double Stratum(int start, int end, Span<double> u, Span<double> information)
    {
        var p = _p;
        var s1 = _s1.AsSpan();
        var s2 = _s2.AsSpan();
        var d1 = _d1.AsSpan();
        var d2 = _d2.AsSpan();
        var a = _a.AsSpan();
        s1.Clear();
        s2.Clear();
        var s0 = 0.0;
        var loglik = 0.0;
        var i = start;
        while (i < end)
        {
            var t = _time[i];
            var deaths = 0;
            var j = i;
            for (; j < end && _time[j] == t; j++)
            {
                deaths += _event[j] ? 1 : 0;
            }

            // Death-set sums are only needed for Efron with real ties.
            var efronTies = _ties == CoxTies.Efron && deaths > 1;
            var d0 = 0.0;
            if (efronTies)
            {
                d1.Clear();
                d2.Clear();
            }

            for (var k = i; k < j; k++)
            {
                var r = Math.Exp(_eta[k]);
                var xk = _x.AsSpan(k * p, p);
                s0 += r;
                VectorMath.AddScaled(s1, xk, r);
                VectorMath.AddOuter(s2, xk, r);
                if (_event[k])
                {
                    loglik += _eta[k];
                    VectorMath.AddScaled(u, xk, 1);
                    if (efronTies)
                    {
                        d0 += r;
                        VectorMath.AddScaled(d1, xk, r);
                        VectorMath.AddOuter(d2, xk, r);
                    }
                }
            }

            if (deaths > 0 && !efronTies)
            {
                // Breslow (or a single death): every death sees the whole risk set.
                loglik -= deaths * Math.Log(s0);
                for (var c = 0; c < p; c++)
                {
                    a[c] = s1[c] / s0;
                }

                VectorMath.AddScaled(u, a, -deaths);
                for (var r = 0; r < p; r++)
                {
                    var row = information.Slice(r * p, p);
                    VectorMath.AddScaled(row, s2.Slice(r * p, p), deaths / s0);
                    VectorMath.AddScaled(row, a, -deaths * a[r]);
                }
            }
            else if (efronTies)
            {
                // Efron: the k-th tied death sees the risk set less k/d of the tied deaths.
                for (var k = 0; k < deaths; k++)
                {
                    var f = (double)k / deaths;
                    var denominator = s0 - (f * d0);
                    loglik -= Math.Log(denominator);
                    for (var c = 0; c < p; c++)
                    {
                        a[c] = (s1[c] - (f * d1[c])) / denominator;
                    }

                    VectorMath.AddScaled(u, a, -1);
                    for (var r = 0; r < p; r++)
                    {
                        var row = information.Slice(r * p, p);
                        VectorMath.AddScaled(row, s2.Slice(r * p, p), 1 / denominator);
                        if (f > 0)
                        {
                            VectorMath.AddScaled(row, d2.Slice(r * p, p), -f / denominator);
                        }

                        VectorMath.AddScaled(row, a, -a[r]);
                    }
                }
            }

            i = j;
        }

        return loglik;
    }
}
