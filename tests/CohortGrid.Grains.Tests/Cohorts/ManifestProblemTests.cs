using CohortGrid.Contracts;

namespace CohortGrid.Grains.Tests.Cohorts;

/// <summary>What <see cref="ManifestValidation"/> reports, one code at a time and all at once.</summary>
public sealed class ManifestProblemTests
{
    private static readonly Dictionary<string, double> NoCovariates = [];

    private static IReadOnlyList<ManifestProblem> Validate(CohortManifest manifest, Func<string, string?>? locationProblem = null) =>
        ManifestValidation.Validate(manifest, locationProblem ?? (_ => null));

    private static (string Table, int? Row, string? Column, string Code) Where(ManifestProblem p) => (p.Table, p.Row, p.Column, p.Code);

    private static CohortManifest Slides(params ManifestSlide[] slides) => new() { Name = "m", Slides = slides };

    private static CohortManifest WithClinical(params ClinicalRecord[] clinical) => Slides(new("s1", "p1", "/a.svs"), new("s2", "p2", "/b.svs")) with { Clinical = clinical };

    private static CohortManifest WithExpression(params ExpressionRow[] rows) =>
        Slides(new("s1", "p1", "/a.svs"), new("s2", "p2", "/b.svs")) with { Expression = new ExpressionTable(["TP53", "MKI67"], rows, IsLogTransformed: false) };

    [Fact]
    public void A_valid_manifest_has_no_problems()
    {
        var manifest = WithClinical(new("p1", 10, 1, new Dictionary<string, double> { ["age"] = 60 }), new("p2", null, null, NoCovariates)) with
        {
            Expression = new ExpressionTable(["TP53"], [new("s1", [1.5]), new("s2", [0])], IsLogTransformed: true),
        };

        Assert.Empty(Validate(manifest));
    }

    [Fact]
    public void A_manifest_without_slides_says_so()
    {
        var problem = Assert.Single(Validate(Slides()));

        Assert.Equal(("manifest", null, null, "no-slides"), Where(problem));
        Assert.Equal("manifest: no slides are listed; add at least one slide.", problem.ToString());
    }

    [Fact]
    public void Empty_values_name_their_row_and_column()
    {
        var problems = Validate(Slides(new("s1", "p1", "/a.svs"), new(" ", "", "")));

        Assert.Equal([("manifest", 2, "slide_id", "empty-value"), ("manifest", 2, "patient_id", "empty-value"), ("manifest", 2, "location", "empty-value")], problems.Select(Where));
        Assert.Equal("manifest row 2, column patient_id: patient_id is empty.", problems[1].Message);
    }

    [Fact]
    public void Duplicate_slide_id_names_both_rows()
    {
        var problem = Assert.Single(Validate(Slides(new("S1", "p1", "/a.svs"), new("S2", "p2", "/b.svs"), new("S1", "p3", "/c.svs"))));

        Assert.Equal(("manifest", 3, "slide_id", "duplicate-slide"), Where(problem));
        Assert.Equal("manifest row 3 (slide 'S1'), column slide_id: 'S1' is used by another slide (row 1).", problem.Message);
    }

    [Fact]
    public void A_refused_location_carries_the_policy_s_reason()
    {
        var problem = Assert.Single(Validate(Slides(new("s1", "p1", "/ok/a.svs"), new("s2", "p2", "/etc/passwd")), l => l.StartsWith("/ok/", StringComparison.Ordinal) ? null : "is outside the allowed roots."));

        Assert.Equal(("manifest", 2, "location", "location-refused"), Where(problem));
        Assert.Equal("manifest row 2 (slide 's2'), column location: is outside the allowed roots.", problem.Message);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(20.5)]
    [InlineData(double.NaN)]
    public void Mpp_outside_the_range_is_a_problem(double mpp)
    {
        var problem = Assert.Single(Validate(Slides(new("s1", "p1", "/a.svs", 20), new("s2", "p2", "/b.svs", mpp))));

        Assert.Equal(("manifest", 2, "mpp", "mpp-out-of-range"), Where(problem));
        Assert.Contains("is outside 0.01-20 µm/px", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_patient_with_two_clinical_rows_is_a_duplicate()
    {
        var problem = Assert.Single(Validate(WithClinical(new("p1", 1, 0, NoCovariates), new("p2", 2, 1, NoCovariates), new("p1", 3, 1, NoCovariates))));

        Assert.Equal(("clinical", 3, "patient_id", "duplicate-patient"), Where(problem));
        Assert.Equal("clinical row 3 (patient 'p1'), column patient_id: patient 'p1' already has a clinical row (row 1); give one row per patient.", problem.Message);
    }

    [Fact]
    public void A_clinical_patient_without_a_slide_is_unknown()
    {
        var problem = Assert.Single(Validate(WithClinical(new("p1", 1, 0, NoCovariates), new("p9", 2, 1, NoCovariates))));

        Assert.Equal(("clinical", 2, "patient_id", "unknown-patient"), Where(problem));
        Assert.Contains("patient 'p9'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void A_negative_or_infinite_time_is_a_problem(double time)
    {
        var problem = Assert.Single(Validate(WithClinical(new ClinicalRecord("p1", time, 1, NoCovariates))));

        Assert.Equal(("clinical", 1, "time", "negative-time"), Where(problem));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void An_event_other_than_0_or_1_is_a_bad_event(int @event)
    {
        var problem = Assert.Single(Validate(WithClinical(new ClinicalRecord("p1", 5, @event, NoCovariates))));

        Assert.Equal(("clinical", 1, "event", "bad-event"), Where(problem));
        Assert.Contains("must be 0 (censored) or 1 (event observed)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_without_an_event_or_an_event_without_a_time_is_a_missing_outcome()
    {
        var problems = Validate(WithClinical(new("p1", 5, null, NoCovariates), new("p2", null, 1, NoCovariates)));

        Assert.Equal([("clinical", 1, "event", "missing-outcome"), ("clinical", 2, "time", "missing-outcome")], problems.Select(Where));
    }

    [Fact]
    public void A_covariate_that_is_not_finite_is_not_a_number()
    {
        var problem = Assert.Single(Validate(WithClinical(new ClinicalRecord("p1", 5, 1, new Dictionary<string, double> { ["age"] = 50, ["stage"] = double.NaN }))));

        Assert.Equal(("clinical", 1, "stage", "not-a-number"), Where(problem));
    }

    [Fact]
    public void An_expression_row_for_a_slide_not_in_the_manifest_is_unknown()
    {
        var problem = Assert.Single(Validate(WithExpression(new("s1", [1, 2]), new("s7", [3, 4]))));

        Assert.Equal(("expression", 2, "slide_id", "unknown-slide"), Where(problem));
        Assert.Equal("expression row 2 (slide 's7'), column slide_id: no slide in the manifest has this id.", problem.Message);
    }

    [Fact]
    public void An_expression_row_with_the_wrong_number_of_values_is_a_value_count_problem()
    {
        var problem = Assert.Single(Validate(WithExpression(new("s1", [1, 2]), new("s2", [3]))));

        Assert.Equal(("expression", 2, null, "value-count"), Where(problem));
        Assert.Equal("expression row 2 (slide 's2'): 1 values for 2 genes; give one value per gene.", problem.Message);
    }

    [Fact]
    public void Expression_values_that_are_not_finite_name_their_gene()
    {
        var problems = Validate(WithExpression(new("s1", [double.NaN, 2]), new("s2", [3, double.NegativeInfinity])));

        Assert.Equal([("expression", 1, "TP53", "not-a-number"), ("expression", 2, "MKI67", "not-a-number")], problems.Select(Where));
    }

    [Fact]
    public void Duplicate_genes_and_slides_in_the_expression_table_are_reported()
    {
        var manifest = Slides(new ManifestSlide("s1", "p1", "/a.svs")) with { Expression = new ExpressionTable(["TP53", "tp53"], [new("s1", [1, 2]), new("s1", [3, 4])], IsLogTransformed: true) };

        Assert.Equal([("expression", null, "tp53", "duplicate-column"), ("expression", 2, "slide_id", "duplicate-slide")], Validate(manifest).Select(Where));
    }

    [Fact]
    public void A_manifest_with_many_problems_reports_all_of_them_at_once()
    {
        var manifest = new CohortManifest
        {
            Name = "broken",
            Slides =
            [
                new("s1", "p1", "/ok/a.svs"),
                new("s1", "p2", "/ok/b.svs", 0.001),
                new("s3", "", "/elsewhere/c.svs"),
            ],
            Clinical =
            [
                new("p1", -3, 2, NoCovariates),
                new("p1", 4, 1, NoCovariates),
                new("p9", 4, null, new Dictionary<string, double> { ["age"] = double.PositiveInfinity }),
            ],
            Expression = new ExpressionTable(["TP53"], [new("s1", [1]), new("s8", [1, 2])], IsLogTransformed: false),
        };

        var problems = Validate(manifest, l => l.StartsWith("/ok/", StringComparison.Ordinal) ? null : "is outside the allowed roots.");

        Assert.Equal(
            [
                ("manifest", 2, "slide_id", "duplicate-slide"),
                ("manifest", 2, "mpp", "mpp-out-of-range"),
                ("manifest", 3, "patient_id", "empty-value"),
                ("manifest", 3, "location", "location-refused"),
                ("clinical", 1, "time", "negative-time"),
                ("clinical", 1, "event", "bad-event"),
                ("clinical", 2, "patient_id", "duplicate-patient"),
                ("clinical", 3, "patient_id", "unknown-patient"),
                ("clinical", 3, "event", "missing-outcome"),
                ("clinical", 3, "age", "not-a-number"),
                ("expression", 2, "slide_id", "unknown-slide"),
                ("expression", 2, null, "value-count"),
            ],
            problems.Select(Where));
        Assert.All(problems, p => Assert.StartsWith($"{p.Table} row {p.Row}", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Uploaded_csv_with_many_problems_reports_parsing_and_validation_problems_together()
    {
        var result = ManifestCsv.Parse(
            "slide_id,patient_id,path,mpp,slide_id\nS1,p1,/ok/a.svs,,x\nS1,p2,/ok/b.svs,big,x\nS3,,slides/c.svs,50,x\n,p4,az://other/d.svs,,x\n",
            "patient_id,time,event,age\np1,-1,1,60\np2,3,0.5,\np2,4,1,\np9,x,,\n",
            "slide_id,TP53,MKI67\nS1,1,2\nS3,3\nS9,,4\n",
            new ManifestCsvOptions { Name = "upload" });

        var problems = result.Validate(l => l.StartsWith("/ok/", StringComparison.Ordinal) ? null : "is outside the allowed roots.");

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                ("manifest", null, "slide_id", "duplicate-column"),
                ("manifest", 2, "mpp", "not-a-number"),
                ("manifest", 3, "path", "relative-path"),
                ("clinical", 2, "event", "bad-event"),
                ("clinical", 4, "time", "not-a-number"),
                ("expression", 2, null, "value-count"),
                ("expression", 3, "TP53", "not-a-number"),
                ("manifest", 2, "slide_id", "duplicate-slide"),
                ("manifest", 3, "patient_id", "empty-value"),
                ("manifest", 3, "mpp", "mpp-out-of-range"),
                ("manifest", 4, "slide_id", "empty-value"),
                ("manifest", 4, "location", "location-refused"),
                ("clinical", 1, "time", "negative-time"),
                ("clinical", 3, "patient_id", "duplicate-patient"),
                ("clinical", 4, "patient_id", "unknown-patient"),
                ("expression", 3, "slide_id", "unknown-slide"),
            ],
            problems.Select(Where));
        Assert.Equal(16, problems.Distinct().Count());
    }
}
