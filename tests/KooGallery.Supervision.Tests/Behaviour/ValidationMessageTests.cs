using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>
/// The field errors of a refused request (submitting a request, R8) and a refused delivery (delivery with proof, R12):
/// which field each names and its whole message, word for word. A caller shows these to the party, so the texts are
/// part of the contract; mutation testing found them unpinned (docs/testing.md).
/// </summary>
public class ValidationMessageTests
{
    private static async Task<FieldError[]> RefusedFieldsAsync(TestHost host, SupervisionCommand command)
    {
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(command);

        result.Error.Should().NotBeNull();
        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        await host.ShouldBeUnchangedAsync(before);
        return [.. result.Error.Fields];
    }

    private static async Task<TestHost> RequestTemplateAsync(params TemplateField[] template)
    {
        var host = new TestHost();
        await host.CreateAsync(TestHost.Order() with { RequestTemplate = template });
        return host;
    }

    private static SubmitRequest Submit(TestHost host, IReadOnlyDictionary<string, string>? fields, string text = "Please migrate.") =>
        new(host.NextCommandId(), "ORD-1", TestHost.Buyer, text, fields);

    [Fact]
    public async Task R8_a_blank_request_text_is_required()
    {
        var host = await RequestTemplateAsync();

        var errors = await RefusedFieldsAsync(host, Submit(host, null, text: "  "));

        errors.Should().Equal(new FieldError("Text", "The request text is required and may not be empty."));
    }

    [Fact]
    public async Task R8_more_values_than_the_template_has_fields_is_one_error()
    {
        var host = await RequestTemplateAsync(new TemplateField("Target version"), new TemplateField("Notes", Required: false));

        var errors = await RefusedFieldsAsync(host, Submit(host, new Dictionary<string, string>
        {
            ["Target version"] = "16", ["Notes"] = "none", ["Colour"] = "blue",
        }));

        errors.Should().Equal(new FieldError("Fields",
            "3 values given; the request template has 2 fields. Give at most one value per field of the request template."));
    }

    [Fact]
    public async Task R8_more_values_than_the_template_has_fields_still_names_every_missing_required_field()
    {
        var host = await RequestTemplateAsync(new TemplateField("Target version"), new TemplateField("Region"), new TemplateField("Notes", Required: false));

        var errors = await RefusedFieldsAsync(host, Submit(host, new Dictionary<string, string>
        {
            ["Colour"] = "blue", ["Size"] = "L", ["Shape"] = "round", ["Weight"] = "2 kg",
        }));

        errors.Should().Equal(
            new FieldError("Fields", "4 values given; the request template has 3 fields. Give at most one value per field of the request template."),
            new FieldError("Fields.Target version", "'Target version' is required by the request template and may not be empty."),
            new FieldError("Fields.Region", "'Region' is required by the request template and may not be empty."));
    }

    [Fact]
    public async Task R8_far_more_values_than_the_template_reads_names_only_the_required_fields_not_given()
    {
        // Past the values read at most, the copy was emptied, and every required field read as missing, given or not.
        var host = await RequestTemplateAsync(new TemplateField("Target version"), new TemplateField("Region"));
        var values = Enumerable.Range(0, 50).ToDictionary(i => $"Extra {i}", i => "x");
        values["Target version"] = "16";

        var errors = await RefusedFieldsAsync(host, Submit(host, values));

        errors.Select(e => e.Field).Should().Contain("Fields.Region").And.NotContain("Fields.Target version");
        errors.Should().Contain(e => e.Field == "Fields" && e.Message.Contains("read at most"));
    }

    [Fact]
    public async Task R8_more_values_than_a_one_field_template_says_field_once()
    {
        var host = await RequestTemplateAsync(new TemplateField("Target version"));

        var errors = await RefusedFieldsAsync(host, Submit(host, new Dictionary<string, string>
        {
            ["Target version"] = "16", ["Colour"] = "blue",
        }));

        errors.Should().Equal(new FieldError("Fields",
            "2 values given; the request template has 1 field. Give at most one value per field of the request template."));
    }

    [Fact]
    public async Task R8_a_value_for_a_field_the_template_does_not_have_is_named()
    {
        var host = await RequestTemplateAsync(new TemplateField("Target version"), new TemplateField("Notes", Required: false));

        var errors = await RefusedFieldsAsync(host, Submit(host, new Dictionary<string, string>
        {
            ["Target version"] = "16", ["Colour"] = "blue",
        }));

        errors.Should().Equal(new FieldError("Fields.Colour",
            "'Colour' is not a field of the request template; remove it or add it to the product's template."));
    }

    [Fact]
    public async Task R8_a_missing_required_field_is_named_with_the_template()
    {
        var host = await RequestTemplateAsync(new TemplateField("Target version"), new TemplateField("Notes", Required: false));

        var errors = await RefusedFieldsAsync(host, Submit(host, new Dictionary<string, string> { ["Notes"] = "none" }));

        errors.Should().Equal(new FieldError("Fields.Target version",
            "'Target version' is required by the request template and may not be empty."));
    }

    [Fact]
    public async Task R8_a_value_longer_than_the_text_limit_says_its_length_and_the_limit()
    {
        var host = new TestHost(new SupervisionPolicy { MaxTextLength = 10 });
        await host.CreateAsync(TestHost.Order() with { RequestTemplate = [new TemplateField("Target version")] });

        var errors = await RefusedFieldsAsync(host, Submit(host, new Dictionary<string, string> { ["Target version"] = "12345678901" }, text: "Migrate."));

        errors.Should().Equal(new FieldError("Fields.Target version",
            "'Target version' has 11 characters; at most 10 are allowed. Shorten it or attach a document reference."));
    }

    [Fact]
    public async Task R8_more_bad_values_than_are_listed_end_with_a_count_of_the_rest()
    {
        var template = Enumerable.Range(0, 25).Select(i => new TemplateField("Field " + i, Required: false)).ToArray();
        var host = await RequestTemplateAsync(template);
        var values = Enumerable.Range(0, 23).ToDictionary(i => "Field " + i, _ => "bad\u0001");

        var errors = await RefusedFieldsAsync(host, Submit(host, values));

        errors.Should().HaveCount(21);
        errors[0].Should().Be(new FieldError("Fields.Field 0", "'Field 0' contains the control character U+0001; remove it."));
        errors[^1].Should().Be(new FieldError("Fields",
            "3 more problems with the values of the request template are not listed; fix the 20 above and look again."));
    }

    private static async Task<TestHost> InServiceAsync(SupervisionPolicy? policy = null)
    {
        var host = new TestHost(policy);
        await host.FlowInStageAsync(Stage.InService);
        return host;
    }

    private static Deliver Deliver(TestHost host, ProofReference statementOfWork, IReadOnlyList<ProofReference>? further = null) =>
        new(host.NextCommandId(), "ORD-1", TestHost.Seller, statementOfWork, TestHost.AcceptanceDoc, further);

    [Fact]
    public async Task R12_a_missing_statement_of_work_is_required_with_its_name_and_URI()
    {
        var host = await InServiceAsync();

        var errors = await RefusedFieldsAsync(host, Deliver(host, null!));

        errors.Should().Equal(new FieldError("StatementOfWork", "The statement of work is required: give its name and URI."));
    }

    [Fact]
    public async Task R12_a_null_further_proof_is_named_by_its_position()
    {
        var host = await InServiceAsync();

        var errors = await RefusedFieldsAsync(host, Deliver(host, TestHost.Sow, [TestHost.Sow, null!]));

        errors.Should().Equal(new FieldError("FurtherProofs[1]", "A reference may not be null."));
    }

    [Fact]
    public async Task R12_more_references_than_the_policy_allows_counts_the_two_required_ones()
    {
        var host = await InServiceAsync(new SupervisionPolicy { MaxReferences = 3 });

        var errors = await RefusedFieldsAsync(host, Deliver(host, TestHost.Sow, [TestHost.Sow, TestHost.AcceptanceDoc]));

        errors.Should().Equal(new FieldError("FurtherProofs", "4 references given; at most 3 are allowed."));
    }

    [Fact]
    public async Task R12_a_reference_without_a_name_is_told_it_needs_one()
    {
        var host = await InServiceAsync();

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference(" ", "https://files.example/sow.pdf")));

        errors.Should().Equal(new FieldError("StatementOfWork.Name", "A reference needs a name."));
    }

    [Fact]
    public async Task R12_a_reference_name_is_held_to_the_text_rules()
    {
        var host = await InServiceAsync();

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference("Statement\u0007", "https://files.example/sow.pdf")));

        errors.Should().Equal(new FieldError("StatementOfWork.Name", "The reference name contains the control character U+0007; remove it."));
    }

    [Fact]
    public async Task R12_a_reference_without_a_URI_asks_for_the_full_web_address()
    {
        var host = await InServiceAsync();

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference("Statement of work", "")));

        errors.Should().Equal(new FieldError("StatementOfWork.Uri",
            "A reference needs the full https:// address where the host keeps the document."));
    }

    [Fact]
    public async Task R12_without_web_schemes_the_messages_name_the_policy_s_scheme()
    {
        var host = await InServiceAsync(new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "s3" } });

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference("Statement of work", "files/sow.pdf")));

        errors.Should().Equal(
            new FieldError("StatementOfWork.Uri",
                "'files/sow.pdf' is not an absolute link; give the full s3: address where the host keeps the document."),
            new FieldError("AcceptanceDocument.Uri",
                "A reference URI may use only s3, not 'https:'; links of other schemes are unsafe to show to the other party."));
    }

    [Fact]
    public async Task R12_without_web_schemes_a_missing_URI_names_every_scheme_of_the_policy()
    {
        var host = await InServiceAsync(new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "s3", "gs" } });

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference("Statement of work", " ")));

        errors[0].Should().BeOneOf(
            new FieldError("StatementOfWork.Uri", "A reference needs the full s3 or gs: address where the host keeps the document."),
            new FieldError("StatementOfWork.Uri", "A reference needs the full gs or s3: address where the host keeps the document."));
    }

    [Fact]
    public async Task R12_a_reference_URI_is_held_to_the_text_rules_before_it_is_parsed()
    {
        var host = await InServiceAsync();

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference("Statement of work", "https://files.example/\u0001")));

        errors.Should().Equal(new FieldError("StatementOfWork.Uri", "The reference URI contains the control character U+0001; remove it."));
    }

    [Theory]
    [InlineData("/files/sow.pdf")]
    [InlineData("C:\\files\\sow.pdf")]
    [InlineData("sow.pdf")]
    [InlineData("https//files.example/sow.pdf")]
    [InlineData("://files.example/sow.pdf")]
    [InlineData("x:sow")] // one letter and a colon is a drive, even when a policy names the scheme "x"
    public async Task R12_a_path_or_a_relative_link_is_not_an_absolute_link(string uri)
    {
        var host = await InServiceAsync();

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference("Statement of work", uri)));

        errors.Should().Equal(new FieldError("StatementOfWork.Uri",
            $"'{uri}' is not an absolute link; give the full https:// address where the host keeps the document."));
    }

    [Theory]
    [InlineData("s3:sow")]
    [InlineData("S3:sow")]
    [InlineData("a+b-c.d:sow")]
    public async Task R12_a_policy_may_allow_any_scheme_name(string uri)
    {
        var scheme = uri[..uri.IndexOf(':', StringComparison.Ordinal)];
        var host = await InServiceAsync(new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { scheme, "https" } });

        var result = await host.RunAsync(Deliver(host, new ProofReference("Statement of work", uri)));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
    }

    [Theory]
    [InlineData("https://files.example/sow.pdf")]
    [InlineData("http://files.example/sow.pdf")]
    [InlineData("HTTPS://FILES.EXAMPLE/SOW.PDF")]
    public async Task R12_the_default_policy_allows_web_links(string uri)
    {
        var host = await InServiceAsync();

        var result = await host.RunAsync(Deliver(host, new ProofReference("Statement of work", uri)));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
    }

    [Theory]
    [InlineData("ftp://files.example/sow.pdf", "ftp")]
    [InlineData("file:///srv/sow.pdf", "file")]
    public async Task R12_the_default_policy_refuses_other_schemes(string uri, string scheme)
    {
        var host = await InServiceAsync();

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference("Statement of work", uri)));

        errors.Should().ContainSingle().Which.Field.Should().Be("StatementOfWork.Uri");
        errors[0].Message.Should().BeOneOf(
            $"A reference URI may use only https or http, not '{scheme}:'; links of other schemes are unsafe to show to the other party.",
            $"A reference URI may use only http or https, not '{scheme}:'; links of other schemes are unsafe to show to the other party.");
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(101, true)]
    public async Task R12_a_long_link_is_quoted_up_to_a_hundred_characters(int length, bool shortened)
    {
        var host = await InServiceAsync();
        var uri = new string('a', length);

        var errors = await RefusedFieldsAsync(host, Deliver(host, new ProofReference("Statement of work", uri)));

        var quoted = shortened ? $"'{new string('a', 100)}...'" : $"'{uri}'";
        errors.Should().Equal(new FieldError("StatementOfWork.Uri",
            $"{quoted} is not an absolute link; give the full https:// address where the host keeps the document."));
    }

    [Fact]
    public void A_validation_without_errors_has_an_empty_list()
    {
        var validation = new CommandValidation(new ServiceFlow { OrderNumber = "ORD-1" }, SupervisionPolicy.Default, TestHost.Start);

        validation.Errors.Should().NotBeNull().And.BeEmpty();
        validation.HasErrors.Should().BeFalse();
    }
}
