namespace CohortGrid.Analytics.Expression;

/// <summary>
/// A fitted multi-gene ridge model: prediction_g = Bias[g] + Σ_j x_j·Coefficient(j, g) on raw (uncentred,
/// unscaled) features. Centring and standardisation are folded into the coefficients and biases, so the model is a
/// plain linear head; <see cref="FeatureMeans"/> and <see cref="FeatureScales"/> record what was folded in.
/// </summary>
public sealed class RidgeModel
{
    private readonly DenseMatrix _coefficients;
    private readonly double[] _intercepts;
    private readonly double[] _lambdas;
    private readonly double[] _featureMeans;
    private readonly double[] _featureScales;

    internal RidgeModel(IReadOnlyList<string> genes, RidgeSpectrum spectrum, double[] lambdas, int degree)
    {
        var p = spectrum.Loadings.Rows;
        var g = spectrum.GeneCount;

        // β in standardised space is P·diag(1/(d + λ_g))·z_g; dividing by the scale moves it to raw features.
        _coefficients = Gemm.Multiply(spectrum.Loadings, false, spectrum.Shrink(lambdas), false, degree);
        _intercepts = (double[])spectrum.TargetMeans.Clone();
        for (var j = 0; j < p; j++)
        {
            var row = _coefficients.Row(j);
            var scale = spectrum.FeatureScales[j];
            var mean = spectrum.FeatureMeans[j];
            for (var k = 0; k < g; k++)
            {
                row[k] /= scale;
                _intercepts[k] -= mean * row[k];
            }
        }

        Genes = [.. genes];
        _lambdas = lambdas;
        _featureMeans = spectrum.FeatureMeans;
        _featureScales = spectrum.FeatureScales;
    }

    /// <summary>The genes predicted, in output order.</summary>
    public IReadOnlyList<string> Genes { get; }

    /// <summary>Number of input features.</summary>
    public int FeatureCount => _coefficients.Rows;

    /// <summary>The penalty used for each gene (absolute, in the units of the centred, scaled design).</summary>
    public IReadOnlyList<double> Lambdas => _lambdas;

    /// <summary>Per-gene intercept on raw features (the same values as <see cref="Bias"/>).</summary>
    public IReadOnlyList<double> Intercepts => _intercepts;

    /// <summary>Training means of the features.</summary>
    public IReadOnlyList<double> FeatureMeans => _featureMeans;

    /// <summary>Standard deviations the features were divided by (all 1 without standardisation).</summary>
    public IReadOnlyList<double> FeatureScales => _featureScales;

    /// <summary>A copy of the weights, one array of <see cref="FeatureCount"/> per gene, for export as a linear head.</summary>
    public double[][] WeightsPerGene
    {
        get
        {
            var weights = new double[Genes.Count][];
            for (var g = 0; g < weights.Length; g++)
            {
                weights[g] = new double[FeatureCount];
                for (var j = 0; j < FeatureCount; j++)
                {
                    weights[g][j] = _coefficients[j, g];
                }
            }

            return weights;
        }
    }

    /// <summary>A copy of the per-gene bias of the linear head.</summary>
    public double[] Bias => (double[])_intercepts.Clone();

    /// <summary>The weight of one raw feature for one gene.</summary>
    public double Coefficient(int feature, int gene) => _coefficients[feature, gene];

    /// <summary>Predicts every gene for each sample (rows of raw features); returns samples × genes.</summary>
    /// <exception cref="AnalyticsException">A row has the wrong length or a value that is not finite.</exception>
    public double[][] Predict(IReadOnlyList<double[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var x = DenseMatrix.FromRows(features, FeatureCount, "features");
        var prediction = Gemm.Multiply(x, false, _coefficients, false, Environment.ProcessorCount);
        for (var i = 0; i < prediction.Rows; i++)
        {
            var row = prediction.Row(i);
            for (var g = 0; g < row.Length; g++)
            {
                row[g] += _intercepts[g];
            }
        }

        return prediction.ToRows();
    }

    /// <summary>Predicts every gene for one sample.</summary>
    public double[] PredictRow(ReadOnlySpan<double> features)
    {
        var prediction = new double[Genes.Count];
        PredictRow(features, prediction);
        return prediction;
    }

    /// <summary>Predicts every gene for one sample into <paramref name="destination"/> (one slot per gene).</summary>
    public void PredictRow(ReadOnlySpan<double> features, Span<double> destination)
    {
        if (features.Length != FeatureCount)
        {
            throw new AnalyticsException($"features: {features.Length} values, the model expects {FeatureCount}");
        }

        if (destination.Length != Genes.Count)
        {
            throw new ArgumentException($"destination has {destination.Length} slots for {Genes.Count} genes", nameof(destination));
        }

        _intercepts.CopyTo(destination);
        for (var j = 0; j < features.Length; j++)
        {
            var x = features[j];
            var row = _coefficients.Row(j);
            for (var g = 0; g < destination.Length; g++)
            {
                destination[g] += x * row[g];
            }
        }
    }
}
