using CohortGrid.Contracts;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Cohorts;

public sealed class ManifestCsvTests
{
    private static readonly ManifestCsvOptions Options = new() { Name = "upload", BaseDirectory = "/data" };

    private static ManifestReadResult Parse(string manifest, string? clinical = null, string? expression = null, ManifestCsvOptions? options = null) =>
        ManifestCsv.Parse(manifest, clinical, expression, options ?? Options);

    private static ManifestProblem Single(IEnumerable<ManifestProblem> problems, string code) => Assert.Single(problems, p => p.Code == code);

    private static (string Table, int? Row, string? Column, string Code) Where(ManifestProblem p) => (p.Table, p.Row, p.Column, p.Code);

    [Fact]
    public void A_written_manifest_reads_back_including_paths_with_commas_and_quotes()
    {
        using var temp = new TempDirectory();
        var manifest = new CohortManifest
        {
            Name = "m",
            Slides = [new ManifestSlide("s1", "p1", "/data/a,b.svs", 0.25), new ManifestSlide("s \"2\"", "p2", "/data/c.svs")],
        };

        ManifestCsv.Write(temp.File("m.csv"), manifest);
        var read = ManifestCsv.Read(temp.File("m.csv"));

        Assert.Equal(manifest.Slides, read.Slides);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_manifest_folder_and_every_problem_is_reported()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("ok.csv"), "slide_id,patient_id,path\ns1,p1,slides/a.svs\n");
        File.WriteAllText(temp.File("bad.csv"), "slide_id,path,mpp\ns1,a.svs,fast\n");

        Assert.Equal(Path.Combine(temp.Path, "slides", "a.svs"), ManifestCsv.Read(temp.File("ok.csv")).Slides[0].Location);
        var error = Assert.Throws<FormatException>(() => ManifestCsv.Read(temp.File("bad.csv")));
        Assert.StartsWith("The manifest has 2 problem(s): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("manifest (bad.csv): missing column 'patient_id'", error.Message, StringComparison.Ordinal);
        Assert.Contains("manifest row 1 (slide 's1'), column mpp: 'fast' is not a number.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_takes_clinical_and_expression_files_and_reports_their_problems_too()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("m.csv"), "slide_id,patient_id,path\ns1,p1,a.svs\ns2,p2,b.svs\n");
        File.WriteAllText(temp.File("c.csv"), "patient_id,time,event\np1,10,1\np2,5,0\n");
        File.WriteAllText(temp.File("e.csv"), "slide_id,TP53\ns1,1.5\ns2,2\n");
        File.WriteAllText(temp.File("bad-e.csv"), "slide_id,TP53\ns1,x\ns9,2\n");

        var read = ManifestCsv.Read(temp.File("m.csv"), temp.File("c.csv"), "named", temp.File("e.csv"), expressionIsLogTransformed: true);
        var error = Assert.Throws<FormatException>(() => ManifestCsv.Read(temp.File("m.csv"), expressionPath: temp.File("bad-e.csv")));

        Assert.Equal("named", read.Name);
        Assert.Equal(2, read.Clinical.Count);
        Assert.Equal(["TP53"], read.Expression!.Genes);
        Assert.True(read.Expression.IsLogTransformed);
        Assert.StartsWith("The manifest has 2 problem(s): expression row 1 (slide 's1'), column TP53: 'x' is not a number. expression row 2 (slide 's9'), column slide_id:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_columns_are_reported_for_each_table_with_the_columns_found()
    {
        var result = Parse("slide_id,path\ns1,/a.svs\n", "time,event\n1,0\n", "A,B\n1,2\n");

        Assert.Equal(
            [("manifest", null, "patient_id", "missing-column"), ("clinical", null, "patient_id", "missing-column"), ("expression", null, "slide_id", "missing-column")],
            result.Problems.Select(Where));
        Assert.Equal("manifest (manifest.csv): missing column 'patient_id' (columns are: slide_id, path).", result.Problems[0].Message);

        // Rows still give entries, and validation does not repeat a missing column as an empty value in every row.
        Assert.Single(result.Manifest.Slides);
        Assert.Equal(["A", "B"], result.Manifest.Expression!.Genes);
        Assert.Equal(result.Problems, result.Validate(_ => null));
    }

    [Fact]
    public void Empty_text_is_a_list_of_problems_not_an_exception()
    {
        var result = Parse("", "", "\uFEFF");

        Assert.False(result.IsValid);
        Assert.Empty(result.Manifest.Slides);
        Assert.Equal(
            ["manifest/slide_id/missing-column", "manifest/patient_id/missing-column", "manifest/path/missing-column", "manifest//no-slides", "clinical/patient_id/missing-column", "expression/slide_id/missing-column", "expression//missing-column"],
            result.Problems.Select(p => $"{p.Table}/{p.Column}/{p.Code}"));
        Assert.Contains("(the table is empty)", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(result.Problems, result.Validate(_ => null));
    }

    [Fact]
    public void A_header_without_rows_has_no_slides()
    {
        var problem = Assert.Single(Parse("slide_id,patient_id,path\n\n").Problems);

        Assert.Equal(("manifest", null, null, "no-slides"), (problem.Table, problem.Row, problem.Column, problem.Code));
        Assert.Single(Parse("slide_id,patient_id,path\n").Validate(_ => null));
    }

    [Fact]
    public void Duplicate_header_names_are_a_problem_whatever_their_case()
    {
        var result = Parse("slide_id,patient_id,path,Slide_ID\ns1,p1,/a.svs,s2\n");
        var both = Parse("slide_id,patient_id,path,location\ns1,p1,/a.svs,/b.svs\n");

        var problem = Single(result.Problems, "duplicate-column");
        Assert.Equal(("manifest", null, "Slide_ID"), (problem.Table, problem.Row, problem.Column));
        Assert.Contains("columns 1 and 4", problem.Message, StringComparison.Ordinal);
        Assert.Equal("s1", result.Manifest.Slides[0].SlideId);
        Assert.Equal("location", Single(both.Problems, "duplicate-column").Column);
    }

    [Fact]
    public void An_unreadable_mpp_quotes_the_text_and_the_slide_is_still_read()
    {
        var result = Parse("slide_id,patient_id,path,mpp\ns1,p1,/a.svs,0.5\ns2,p2,/b.svs,fast\ns3,p3,/c.svs,\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("manifest", 2, "mpp", "not-a-number"), (problem.Table, problem.Row, problem.Column, problem.Code));
        Assert.Equal("manifest row 2 (slide 's2'), column mpp: 'fast' is not a number.", problem.Message);
        Assert.Equal([0.5, null, null], result.Manifest.Slides.Select(s => s.MppOverride));
    }

    [Fact]
    public void A_duplicate_slide_with_a_bad_mpp_is_reported_once_for_each()
    {
        var result = Parse("slide_id,patient_id,path,mpp\ns1,p1,/a.svs,\ns1,p2,/b.svs,fast\n");

        var problems = result.Validate(_ => null);

        Assert.Equal(["not-a-number", "duplicate-slide"], problems.Select(p => p.Code));
        Assert.All(problems, p => Assert.Equal(2, p.Row));
        Assert.Equal(["mpp", "slide_id"], problems.Select(p => p.Column));
    }

    [Fact]
    public void A_relative_path_without_a_base_folder_is_a_problem_and_kept_as_written()
    {
        var result = Parse("slide_id,patient_id,path\ns1,p1,slides/a.svs\ns2,p2,/data/b.svs\n", options: new ManifestCsvOptions { Name = "upload" });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("manifest", 1, "path", "relative-path"), (problem.Table, problem.Row, problem.Column, problem.Code));
        Assert.StartsWith("manifest row 1 (slide 's1'), column path: 'slides/a.svs' is a relative path", problem.Message, StringComparison.Ordinal);
        Assert.Equal("slides/a.svs", result.Manifest.Slides[0].Location);

        // The location policy would refuse it too; that repeats the same cell, so it is not reported twice.
        Assert.Single(result.Validate(location => Path.IsPathFullyQualified(location) ? null : "must be an absolute path."));
    }

    [Fact]
    public void Blob_and_https_locations_and_absolute_paths_are_kept_as_they_are()
    {
        var result = Parse("slide_id,patient_id,location\ns1,p1,az://slides/a.svs\ns2,p2,https://acct.blob.core.windows.net/slides/b.svs\ns3,p3,/data/x/../c.svs\ns4,p4,d.svs\n");

        Assert.True(result.IsValid);
        Assert.Equal(
            ["az://slides/a.svs", "https://acct.blob.core.windows.net/slides/b.svs", "/data/x/../c.svs", Path.GetFullPath("d.svs", "/data")],
            result.Manifest.Slides.Select(s => s.Location));
    }

    [Fact]
    public void A_byte_order_mark_quoted_fields_crlf_and_header_case_are_understood()
    {
        var text = "\uFEFF Slide_ID ,PATIENT_ID,Path\r\n\"s,1\",\"p \"\"one\"\"\",\"/data/a\r\nb.svs\"\r\n\r\ns2,p2,/data/c.svs";

        var result = Parse(text);

        Assert.True(result.IsValid);
        Assert.Equal(
            [new ManifestSlide("s,1", "p \"one\"", "/data/a\r\nb.svs"), new ManifestSlide("s2", "p2", "/data/c.svs")],
            result.Manifest.Slides);
    }

    [Fact]
    public void Clinical_numbers_that_cannot_be_read_are_reported_with_their_column()
    {
        var result = Parse(
            "slide_id,patient_id,path\ns1,p1,/a.svs\ns2,p2,/b.svs\n",
            "patient_id,Time,event,Age,stage\np1,ten,1,61,\np2,5,0,old,2\n");

        Assert.Equal(
            [("clinical", 1, "time", "not-a-number", "clinical row 1 (patient 'p1'), column time: 'ten' is not a number."), ("clinical", 2, "Age", "not-a-number", "clinical row 2 (patient 'p2'), column Age: 'old' is not a number.")],
            result.Problems.Select(p => (p.Table, p.Row ?? 0, p.Column, p.Code, p.Message)));

        // The covariate names keep the header's spelling; an empty covariate cell is simply absent.
        Assert.Equal(new Dictionary<string, double> { ["Age"] = 61 }, result.Manifest.Clinical[0].Covariates);
        Assert.Equal(new Dictionary<string, double> { ["stage"] = 2 }, result.Manifest.Clinical[1].Covariates);

        // Row 1 has an event but its time could not be read: not also reported as an incomplete outcome.
        Assert.Equal(2, result.Validate(_ => null).Count);
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("1e20")]
    [InlineData("NaN")]
    public void An_event_that_is_no_integer_is_a_bad_event(string text)
    {
        var result = Parse("slide_id,patient_id,path\ns1,p1,/a.svs\n", $"patient_id,time,event\np1,3,{text}\n");

        var problem = Assert.Single(result.Validate(_ => null));
        Assert.Equal(("clinical", 1, "event", "bad-event"), (problem.Table, problem.Row, problem.Column, problem.Code));
        Assert.Contains($"'{text}' must be 0 (censored) or 1 (event observed)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_of_2_is_read_and_left_to_validation_as_a_bad_event()
    {
        var result = Parse("slide_id,patient_id,path\ns1,p1,/a.svs\n", "patient_id,time,event\np1,3,2\n");

        Assert.True(result.IsValid);
        var problem = Assert.Single(result.Validate(_ => null));
        Assert.Equal(("clinical", 1, "event", "bad-event"), (problem.Table, problem.Row, problem.Column, problem.Code));
    }

    [Fact]
    public void Clinical_and_expression_tables_written_read_back_the_same()
    {
        using var temp = new TempDirectory();
        var clinical = new ClinicalRecord[]
        {
            new("p1", 12.5, 1, new Dictionary<string, double> { ["Age"] = 61, ["stage"] = 2 }),
            new("p,2", null, null, new Dictionary<string, double> { ["stage"] = 1e-7 }),
            new("p3", 0, 0, new Dictionary<string, double>()),
        };
        var expression = new ExpressionTable(["TP53", "MKI67", "gene,x"], [new("s1", [0.1, 2, 1e6]), new("s 2", [1.0 / 3, 0, -4])], IsLogTransformed: true);
        File.WriteAllText(temp.File("m.csv"), "slide_id,patient_id,path\ns1,p1,a.svs\ns 2,\"p,2\",b.svs\ns3,p3,c.svs\n");
        ManifestCsv.WriteClinical(temp.File("clinical.csv"), clinical);
        ManifestCsv.WriteExpression(temp.File("expression.csv"), expression);

        var read = ManifestCsv.Read(temp.File("m.csv"), temp.File("clinical.csv"), expressionPath: temp.File("expression.csv"), expressionIsLogTransformed: true);

        Assert.Equal(clinical.Length, read.Clinical.Count);
        for (var i = 0; i < clinical.Length; i++)
        {
            Assert.Equal((clinical[i].PatientId, clinical[i].Time, clinical[i].Event), (read.Clinical[i].PatientId, read.Clinical[i].Time, read.Clinical[i].Event));
            Assert.Equal(clinical[i].Covariates, read.Clinical[i].Covariates);
        }

        Assert.Equal(expression.Genes, read.Expression!.Genes);
        Assert.Equal(expression.Rows.Select(r => (r.SlideId, string.Join(";", r.Values))), read.Expression.Rows.Select(r => (r.SlideId, string.Join(";", r.Values))));
        Assert.True(read.Expression.IsLogTransformed);
    }
}
