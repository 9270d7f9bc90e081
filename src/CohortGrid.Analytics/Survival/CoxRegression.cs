using System.Globalization;

namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Cox proportional-hazards regression by Newton–Raphson with step halving, as R's <c>coxph</c>: start at β = 0,
/// take Newton steps, halve a step that lowers the (penalised) log partial likelihood, and stop when the relative
/// change in the log-likelihood is below the tolerance.
/// </summary>
public static class CoxRegression
{
    /// <summary>Fits the model; see <see cref="CoxOptions"/> for ties, ridge penalty and convergence settings.</summary>
    /// <param name="data">Outcomes.</param>
    /// <param name="covariates">One column per covariate, as many values as subjects.</param>
    /// <param name="options">Settings; R's defaults when null.</param>
    /// <param name="strata">Optional stratum label per subject: a separate baseline hazard per stratum.</param>
    /// <exception cref="AnalyticsException">
    /// A covariate is missing, non-finite or constant, the covariates are collinear, there are no events, or the fit
    /// did not converge and <see cref="CoxOptions.ThrowOnNonConvergence"/> is set.
    /// </exception>
    public static CoxFit Fit(SurvivalData data, IReadOnlyList<Covariate> covariates, CoxOptions? options = null, IReadOnlyList<string>? strata = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(covariates);
        options ??= CoxOptions.Default;
        Validate(data, covariates, options, strata);

        var n = data.Count;
        var p = covariates.Count;
        var names = covariates.Select(c => c.Name).ToArray();
        // Centre on the means as R does, except covariates coded only with -1, 0 and 1 (indicators), which R's
        // coxph leaves uncentred (nocenter); matching it keeps linear predictors and baselines identical to R's.
        var means = covariates.Select(c => c.Values.All(v => v is -1 or 0 or 1) ? 0 : c.Values.Average()).ToArray();
        var (levels, strataIds) = strata is null ? ([], new int[n]) : GroupLevels.Of(strata, "stratum");

        // Sort by stratum, then descending time, so risk sets grow as the likelihood pass moves back in time.
        var order = Enumerable.Range(0, n)
            .OrderBy(i => strataIds[i])
            .ThenByDescending(i => data.Times[i])
            .ToArray();
        var x = new double[n * p];
        var time = new double[n];
        var events = new bool[n];
        var strataStart = new List<int> { 0 };
        for (var k = 0; k < n; k++)
        {
            var i = order[k];
            time[k] = data.Times[i];
            events[k] = data.Events[i];
            for (var j = 0; j < p; j++)
            {
                x[(k * p) + j] = covariates[j].Values[i] - means[j];
            }

            if (k > 0 && strataIds[i] != strataIds[order[k - 1]])
            {
                strataStart.Add(k);
            }
        }

        strataStart.Add(n);
        var likelihood = new CoxLikelihood(x, time, events, [.. strataStart], p, options.Ties, options.Penalty);
        var result = NewtonRaphson(likelihood, names, options);

        if (!result.Converged && options.ThrowOnNonConvergence)
        {
            throw new AnalyticsException($"Cox fit did not converge: {result.Message}");
        }

        return Build(data, covariates, options, likelihood, result, names, means, levels, strataIds, strataStart.Count > 2 || strata is not null);
    }

    private static void Validate(SurvivalData data, IReadOnlyList<Covariate> covariates, CoxOptions options, IReadOnlyList<string>? strata)
    {
        if (covariates.Count == 0)
        {
            throw new AnalyticsException("a Cox model needs at least one covariate.");
        }

        if (!(options.Penalty >= 0) || double.IsInfinity(options.Penalty))
        {
            throw new AnalyticsException($"ridge penalty must be a finite number ≥ 0, not {options.Penalty}.");
        }

        if (options.MaxIterations < 1 || !(options.Tolerance > 0))
        {
            throw new AnalyticsException("Cox options need MaxIterations ≥ 1 and Tolerance > 0.");
        }

        if (data.EventCount == 0)
        {
            throw new AnalyticsException("no events: a Cox model cannot be fitted when every time is censored.");
        }

        if (strata is not null && strata.Count != data.Count)
        {
            throw new AnalyticsException($"{strata.Count} strata labels for {data.Count} subjects.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var covariate in covariates)
        {
            ArgumentNullException.ThrowIfNull(covariate);
            if (!seen.Add(covariate.Name))
            {
                throw new AnalyticsException($"covariate '{covariate.Name}' is given twice.");
            }

            if (covariate.Values.Count != data.Count)
            {
                throw new AnalyticsException($"covariate '{covariate.Name}' has {covariate.Values.Count} values for {data.Count} subjects.");
            }

            var first = covariate.Values[0];
            var constant = true;
            for (var i = 0; i < covariate.Values.Count; i++)
            {
                var value = covariate.Values[i];
                if (!double.IsFinite(value))
                {
                    throw new AnalyticsException($"covariate '{covariate.Name}' is missing or not finite in {data.DescribeRow(i)}.");
                }

                constant &= value == first;
            }

            if (constant)
            {
                throw new AnalyticsException(
                    $"covariate '{covariate.Name}' is constant ({first.ToString(CultureInfo.InvariantCulture)} for every subject): zero variance, so its coefficient cannot be estimated.");
            }
        }
    }

    private sealed record Iterated(double[] Beta, double LogLikNull, double LogLik, double Score, double[] U, double[] Information, int Iterations, bool Converged, string? Message);

    private static Iterated NewtonRaphson(CoxLikelihood likelihood, string[] names, CoxOptions options)
    {
        var p = likelihood.Parameters;
        var beta = new double[p];
        var newBeta = new double[p];
        var u = new double[p];
        var information = new double[p * p];

        var logLikNull = likelihood.Evaluate(beta, u, information);
        var factor = Cholesky.TryFactor(information, p)
            ?? throw new AnalyticsException(
                $"the information matrix is singular at β = 0: the covariates ({string.Join(", ", names)}) are collinear, or constant within every stratum.");
        var score = factor.InverseQuadraticForm(u);
        var step = (double[])u.Clone();
        factor.Solve(step);
        for (var j = 0; j < p; j++)
        {
            newBeta[j] = beta[j] + step[j];
        }

        var logLikOld = logLikNull;
        var logLikNew = logLikNull;
        var halving = false;
        var converged = false;
        string? message = null;
        var iteration = 0;
        while (++iteration <= options.MaxIterations)
        {
            logLikNew = likelihood.Evaluate(newBeta, u, information);
            if (!halving && double.IsFinite(logLikNew) && Math.Abs(1 - (logLikOld / logLikNew)) <= options.Tolerance)
            {
                converged = true;
                break;
            }

            if (iteration == options.MaxIterations)
            {
                break;
            }

            if (!(logLikNew >= logLikOld))
            {
                // The step overshot (or overflowed): go halfway back towards the last accepted estimate.
                halving = true;
                for (var j = 0; j < p; j++)
                {
                    newBeta[j] = (newBeta[j] + beta[j]) / 2;
                }

                continue;
            }

            halving = false;
            logLikOld = logLikNew;
            Array.Copy(newBeta, beta, p);
            factor = Cholesky.TryFactor(information, p);
            if (factor is null)
            {
                message = $"the information matrix became singular after {iteration} iterations: coefficients are diverging ({Largest(beta, names)}).";
                break;
            }

            Array.Copy(u, step, p);
            factor.Solve(step);
            for (var j = 0; j < p; j++)
            {
                newBeta[j] = beta[j] + step[j];
            }
        }

        iteration = Math.Min(iteration, options.MaxIterations);
        if (!converged)
        {
            // Report the best estimate seen, with its own score and information.
            if (!(double.IsFinite(logLikNew) && logLikNew >= logLikOld))
            {
                Array.Copy(beta, newBeta, p);
                logLikNew = likelihood.Evaluate(newBeta, u, information);
            }

            message ??= $"no convergence in {options.MaxIterations} iterations: the log-likelihood was still changing ({Largest(newBeta, names)}); perfect separation gives infinite coefficients.";
        }

        return new Iterated(newBeta, logLikNull, logLikNew, score, u, information, iteration, converged, message);
    }

    private static string Largest(double[] beta, string[] names)
    {
        var j = 0;
        for (var k = 1; k < beta.Length; k++)
        {
            j = Math.Abs(beta[k]) > Math.Abs(beta[j]) ? k : j;
        }

        return string.Create(CultureInfo.InvariantCulture, $"largest |coefficient| is {names[j]} = {beta[j]:G6}");
    }

    private static CoxFit Build(
        SurvivalData data,
        IReadOnlyList<Covariate> covariates,
        CoxOptions options,
        CoxLikelihood likelihood,
        Iterated result,
        string[] names,
        double[] means,
        string[] levels,
        int[] strataIds,
        bool stratified)
    {
        var p = names.Length;
        var beta = result.Beta;
        var converged = result.Converged;
        var message = result.Message;
        var factor = Cholesky.TryFactor(result.Information, p);
        double[] variance;
        if (factor is null)
        {
            variance = Enumerable.Repeat(double.NaN, p * p).ToArray();
            converged = false;
            message ??= "the information matrix is singular at the estimate: standard errors are undefined.";
        }
        else
        {
            variance = factor.Inverse();
            if (converged && options.Penalty == 0)
            {
                // R's check for a likelihood still rising at the end (monotone likelihood): a remaining Newton
                // step that is large in absolute terms and relative to the coefficient means it heads to infinity.
                var remaining = (double[])result.U.Clone();
                factor.Solve(remaining);
                var tolerance = Math.Sqrt(options.Tolerance);
                var infinite = Enumerable.Range(0, p)
                    .Where(j => Math.Abs(remaining[j]) > tolerance && Math.Abs(remaining[j]) > tolerance * Math.Abs(beta[j]))
                    .Select(j => names[j])
                    .ToArray();
                if (infinite.Length > 0)
                {
                    converged = false;
                    message = $"the log-likelihood converged before {string.Join(", ", infinite)}: coefficient may be infinite (monotone likelihood, e.g. perfect separation).";
                }
            }
        }

        if (!converged && options.ThrowOnNonConvergence)
        {
            throw new AnalyticsException($"Cox fit did not converge: {message}");
        }

        var z = StatMath.NormalQuantileForLevel(options.ConfidenceLevel);
        var coefficients = new CoxCoefficient[p];
        for (var j = 0; j < p; j++)
        {
            var se = Math.Sqrt(variance[(j * p) + j]);
            var zj = beta[j] / se;
            coefficients[j] = new CoxCoefficient(
                names[j], beta[j], Math.Exp(beta[j]), se, zj, StatMath.TwoSidedNormalP(zj), Math.Exp(beta[j] - (z * se)), Math.Exp(beta[j] + (z * se)));
        }

        var penalty = likelihood.Penalty(beta);
        var logLik = result.LogLik + penalty;

        // Wald: βᵀ·V⁻¹·β with V⁻¹ the (penalised) information.
        var wald = 0.0;
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                wald += beta[i] * result.Information[(i * p) + j] * beta[j];
            }
        }

        // Effective df of a ridge fit: trace(H⁻¹·I) = p − λ·trace(H⁻¹).
        double df = p;
        if (options.Penalty > 0 && factor is not null)
        {
            for (var j = 0; j < p; j++)
            {
                df -= options.Penalty * variance[(j * p) + j];
            }
        }

        var n = data.Count;
        var linearPredictors = new double[n];
        for (var i = 0; i < n; i++)
        {
            var eta = 0.0;
            for (var j = 0; j < p; j++)
            {
                eta += beta[j] * (covariates[j].Values[i] - means[j]);
            }

            linearPredictors[i] = eta;
        }

        var concordance = Concordance.Compute(data.TimeSpan, data.EventSpan, linearPredictors, stratified ? strataIds : null);

        var baselines = new List<CoxBaselineHazard>();
        foreach (var group in likelihood.HazardIncrements(beta).GroupBy(h => h.Stratum))
        {
            var cumulative = 0.0;
            var steps = group.Select(h => new CoxHazardStep(h.Time, h.AtRisk, h.Events, cumulative += h.Increment)).ToArray();
            baselines.Add(new CoxBaselineHazard(stratified ? levels[group.Key] : null, steps));
        }

        return new CoxFit(names, beta, means, variance, stratified ? levels : [], options)
        {
            Coefficients = coefficients,
            Count = n,
            EventCount = data.EventCount,
            LogLikelihoodNull = result.LogLikNull,
            LogLikelihood = logLik,
            PenalizedLogLikelihood = result.LogLik,
            DegreesOfFreedom = df,
            LikelihoodRatioTest = ChiSquareTest.Of(2 * (logLik - result.LogLikNull), df),
            WaldTest = ChiSquareTest.Of(wald, df),
            ScoreTest = ChiSquareTest.Of(result.Score, df),
            Concordance = concordance,
            Iterations = result.Iterations,
            Converged = converged,
            ConvergenceMessage = message,
            LinearPredictors = linearPredictors,
            BaselineHazards = baselines,
        };
    }
}
