namespace CohortGrid.Analytics.Survival;

/// <summary>
/// A fitted Cox proportional-hazards model, laid out like R's <c>summary(coxph(...))</c>: the coefficient table on
/// the original covariate scale, log-likelihoods, the three global tests, concordance, convergence, and the
/// baseline hazard for predicting survival curves.
/// </summary>
public sealed class CoxFit
{
    private readonly double[] _beta;
    private readonly double[] _means;
    private readonly double[] _variance;
    private readonly string[] _strata;

    internal CoxFit(
        string[] names,
        double[] beta,
        double[] means,
        double[] variance,
        string[] strata,
        CoxOptions options)
    {
        Names = names;
        _beta = beta;
        _means = means;
        _variance = variance;
        _strata = strata;
        Options = options;
    }

    /// <summary>The settings the model was fitted with.</summary>
    public CoxOptions Options { get; }

    /// <summary>Covariate names, in the order of <see cref="Coefficients"/>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The coefficient table (β, exp(β), se, z, p, hazard-ratio interval at <see cref="CoxOptions.ConfidenceLevel"/>).</summary>
    public required IReadOnlyList<CoxCoefficient> Coefficients { get; init; }

    /// <summary>Values the covariates were centred on (R's <c>fit$means</c>: the mean, or 0 for a covariate coded only with −1, 0 and 1).</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>Stratum labels in order; empty for an unstratified fit.</summary>
    public IReadOnlyList<string> Strata => _strata;

    /// <summary>Subjects used.</summary>
    public required int Count { get; init; }

    /// <summary>Events among them.</summary>
    public required int EventCount { get; init; }

    /// <summary>Log partial likelihood at β = 0 (R's <c>loglik[1]</c>).</summary>
    public required double LogLikelihoodNull { get; init; }

    /// <summary>Log partial likelihood at the estimate, without the penalty (R's <c>loglik[2]</c>, also for ridge fits).</summary>
    public required double LogLikelihood { get; init; }

    /// <summary><see cref="LogLikelihood"/> minus the ridge penalty λ/2·Σβ², the quantity maximised; equal to it without a penalty.</summary>
    public required double PenalizedLogLikelihood { get; init; }

    /// <summary>
    /// Degrees of freedom of the model: the number of covariates, or for a ridge fit R's effective degrees of
    /// freedom trace(H⁻¹·I), H the penalised and I the unpenalised information.
    /// </summary>
    public required double DegreesOfFreedom { get; init; }

    /// <summary>Likelihood-ratio test 2·(loglik − loglik null) on <see cref="DegreesOfFreedom"/>.</summary>
    public required ChiSquareTest LikelihoodRatioTest { get; init; }

    /// <summary>Wald test βᵀ·V⁻¹·β.</summary>
    public required ChiSquareTest WaldTest { get; init; }

    /// <summary>
    /// Score (log-rank) test uᵀ·I⁻¹·u at β = 0. R reports none for penalised fits; here it uses the penalised
    /// information at 0, which is the unpenalised one plus λ.
    /// </summary>
    public required ChiSquareTest ScoreTest { get; init; }

    /// <summary>Harrell's concordance of the linear predictor (within strata), as R's <c>fit$concordance</c>.</summary>
    public required ConcordanceResult Concordance { get; init; }

    /// <summary>Newton–Raphson iterations used (R's <c>fit$iter</c>).</summary>
    public required int Iterations { get; init; }

    /// <summary>
    /// False when the iterations ran out or a coefficient appears to diverge (monotone likelihood, e.g. perfect
    /// separation); <see cref="ConvergenceMessage"/> then says which covariate.
    /// </summary>
    public required bool Converged { get; init; }

    /// <summary>Why the fit did not converge; null when it did.</summary>
    public string? ConvergenceMessage { get; init; }

    /// <summary>Linear predictors η = βᵀ(x − means) of the fitted subjects, in their input order (R's <c>fit$linear.predictors</c>).</summary>
    public required IReadOnlyList<double> LinearPredictors { get; init; }

    /// <summary>Baseline cumulative hazard at the means, one per stratum (one in all when unstratified).</summary>
    public required IReadOnlyList<CoxBaselineHazard> BaselineHazards { get; init; }

    /// <summary>Variance–covariance matrix of the coefficients (inverse information; for ridge fits the inverse penalised information, R's <c>fit$var</c>).</summary>
    public double[,] Variance()
    {
        var p = _beta.Length;
        var result = new double[p, p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                result[i, j] = _variance[(i * p) + j];
            }
        }

        return result;
    }

    /// <summary>η = βᵀ(x − means) for covariate values <paramref name="x"/> in the order of <see cref="Names"/> (R's <c>predict(type = "lp")</c>).</summary>
    public double LinearPredictor(IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != _beta.Length)
        {
            throw new AnalyticsException($"{x.Count} covariate values for a model with {_beta.Length} covariates ({string.Join(", ", Names)}).");
        }

        var eta = 0.0;
        for (var j = 0; j < _beta.Length; j++)
        {
            eta += _beta[j] * (x[j] - _means[j]);
        }

        return eta;
    }

    /// <summary>
    /// Predicted survival S(t | x) = exp(−H₀(t)·exp(η)) for covariates <paramref name="x"/> in the stratum
    /// <paramref name="stratum"/> (required for a stratified fit), as R's <c>survfit(fit, newdata)</c>.
    /// </summary>
    public SurvivalCurve PredictSurvival(IReadOnlyList<double> x, string? stratum = null)
    {
        var risk = Math.Exp(LinearPredictor(x));
        var baseline = Baseline(stratum);
        var times = baseline.Steps.Select(s => s.Time).ToArray();
        var survival = baseline.Steps.Select(s => Math.Exp(-s.CumulativeHazard * risk)).ToArray();
        return new SurvivalCurve(times, survival);
    }

    /// <summary>The baseline hazard of <paramref name="stratum"/> (null for an unstratified fit).</summary>
    public CoxBaselineHazard Baseline(string? stratum = null)
    {
        if (_strata.Length == 0)
        {
            return BaselineHazards[0];
        }

        if (stratum is null)
        {
            throw new AnalyticsException($"the model is stratified: name one of the strata ({string.Join(", ", _strata)}).");
        }

        return BaselineHazards.FirstOrDefault(b => b.Stratum == stratum)
            ?? throw new AnalyticsException($"no stratum '{stratum}' in the model (strata: {string.Join(", ", _strata)}).");
    }
}
