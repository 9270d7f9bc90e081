using CohortGrid.Contracts;

namespace CohortGrid.Grains.Tests.Cohorts;

/// <summary>The expression CSV of an upload: <c>slide_id</c> and one numeric column per gene.</summary>
public sealed class ExpressionCsvTests
{
    private const string Manifest = "slide_id,patient_id,path\ns1,p1,/a.svs\ns2,p2,/b.svs\n";

    private static ManifestReadResult Parse(string expression, bool log = false) =>
        ManifestCsv.Parse(Manifest, null, expression, new ManifestCsvOptions { Name = "upload", ExpressionIsLogTransformed = log });

    private static (string Table, int? Row, string? Column, string Code) Where(ManifestProblem p) => (p.Table, p.Row, p.Column, p.Code);

    [Fact]
    public void Genes_keep_their_spelling_and_values_their_order()
    {
        var result = Parse("Slide_ID,TP53,mki67,\"ESR1 \"\ns2,1,2,3\ns1,4.5,-1e-3,0\n", log: true);

        Assert.True(result.IsValid);
        var expression = result.Manifest.Expression!;
        Assert.Equal(["TP53", "mki67", "ESR1"], expression.Genes);
        Assert.Equal([("s2", "1;2;3"), ("s1", "4.5;-0.001;0")], expression.Rows.Select(r => (r.SlideId, string.Join(";", r.Values))));
        Assert.True(expression.IsLogTransformed);
        Assert.Empty(result.Validate(_ => null));
    }

    [Fact]
    public void No_expression_text_means_no_expression_table()
    {
        Assert.Null(ManifestCsv.Parse(Manifest, null, null, new ManifestCsvOptions()).Manifest.Expression);
    }

    [Fact]
    public void An_unreadable_or_empty_value_is_not_a_number_and_quotes_the_text()
    {
        var result = Parse("slide_id,TP53,MKI67\ns1,high,2\ns2,3, \n");

        Assert.Equal([("expression", 1, "TP53", "not-a-number"), ("expression", 2, "MKI67", "not-a-number")], result.Problems.Select(Where));
        Assert.Equal("expression row 1 (slide 's1'), column TP53: 'high' is not a number.", result.Problems[0].Message);
        Assert.Equal("expression row 2 (slide 's2'), column MKI67: the value is empty; expression values must all be present.", result.Problems[1].Message);

        // The row keeps its place (NaN for the value), and validation does not report the same cell again.
        Assert.True(double.IsNaN(result.Manifest.Expression!.Rows[0].Values[0]));
        Assert.Equal(2, result.Validate(_ => null).Count);
    }

    [Fact]
    public void A_row_with_too_few_or_too_many_values_is_a_value_count_problem()
    {
        var result = Parse("slide_id,TP53,MKI67\ns1,1\ns2,1,2,3\n");

        Assert.Equal([("expression", 1, null, "value-count"), ("expression", 2, null, "value-count")], result.Problems.Select(Where));
        Assert.Equal("expression row 1 (slide 's1'): the row has 2 fields but the header has 3; give one value per gene.", result.Problems[0].Message);
        Assert.Equal(2, result.Validate(_ => null).Count);
    }

    [Fact]
    public void Trailing_commas_are_not_extra_values()
    {
        var result = Parse("slide_id,TP53,\ns1,1,\ns2,2\n");

        Assert.True(result.IsValid);
        Assert.Equal(["TP53"], result.Manifest.Expression!.Genes);
    }

    [Fact]
    public void A_row_for_a_slide_not_in_the_manifest_is_an_unknown_slide()
    {
        var result = Parse("slide_id,TP53\ns1,1\ns3,2\n");

        var problem = Assert.Single(result.Validate(_ => null));
        Assert.Equal(("expression", 2, "slide_id", "unknown-slide"), Where(problem));
    }

    [Fact]
    public void A_gene_named_twice_is_a_duplicate_column()
    {
        var result = Parse("slide_id,TP53,tp53\ns1,1,2\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("expression", null, "tp53", "duplicate-column"), Where(problem));
        Assert.Equal(["TP53"], result.Manifest.Expression!.Genes);
        Assert.Single(result.Validate(_ => null));
    }

    [Fact]
    public void A_table_without_gene_columns_is_missing_columns()
    {
        var problem = Assert.Single(Parse("slide_id\ns1\n").Problems);

        Assert.Equal(("expression", null, null, "missing-column"), Where(problem));
        Assert.Equal("expression (expression.csv): there are no gene columns; the header is slide_id and then one column per gene.", problem.Message);
    }
}
