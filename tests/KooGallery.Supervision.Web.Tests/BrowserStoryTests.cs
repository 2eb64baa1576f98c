using OpenQA.Selenium;

namespace KooGallery.Supervision.Web.Tests;

/// <summary>
/// The sample in a real browser: headless Chromium on a real Kestrel port, over a temporary SQLite file, with the
/// development clock. A buyer, a seller and an operations manager play two whole stories through the pages, and each
/// step checks what the page shows. The flow page is saved as docs/images/web-flow-page.png for the README.
/// </summary>
public sealed class BrowserStoryTests
{
    [Fact]
    public async Task TwoStories_ThroughThePages_AsBuyerSellerAndOperationsManager()
    {
        var installed = Browser.FindOrSkip();
        await using var app = new SampleApp(kestrel: true);
        using var browser = Browser.Start(installed, app.StartOnKestrel());
        try
        {
            PlayDeliveryStory(browser);
            PlayAppealStory(browser);
        }
        catch
        {
            browser.SaveScreenshot(Path.Combine(AppContext.BaseDirectory, "browser-story-failure.png"));
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "browser-story-failure.html"), browser.Driver.PageSource);
            throw;
        }
    }

    /// <summary>
    /// Request, return, resubmit, accept, deliver, reject, deliver, accept, three hours later: completed.
    /// </summary>
    private static void PlayDeliveryStory(Browser browser)
    {
        SignIn(browser, "Buyer", "alice");
        browser.Text("#signed-in-as").Should().Be("Signed in as buyer alice");
        browser.Text("#waiting-empty").Should().Be("Nothing waits on you.");

        // The buyer places a demo order; its flow waits on the buyer's request.
        browser.Open("/flows/new");
        Browser.Type(browser.Find("#OrderNumber"), "ORD-1001");
        browser.ClickAndWait("#place-order");
        browser.Text("#notice").Should().Be("Order ORD-1001 placed and its flow created.");
        Stage(browser).Should().Be("AwaitingRequest");
        browser.Text("#waiting-on").Should().Be("the buyer");
        browser.Text("#order-parties").Should().Contain("Database migration for buyer alice from seller bytecraft");

        // A request without a required template field is refused: the library's message is on the page.
        Act(browser, "SubmitRequest", ("[name='Input.Text']", "Migrate our order database to PostgreSQL."), ("[data-field='Source database']", "MySQL 5.7"));
        browser.Text("#refusal").Should().Contain("Refused (Validation)").And.Contain("Target version");
        Stage(browser).Should().Be("AwaitingRequest");

        Act(browser, "SubmitRequest", ("[name='Input.Text']", "Migrate our order database to PostgreSQL."),
            ("[data-field='Source database']", "MySQL 5.7"), ("[data-field='Target version']", "PostgreSQL 17"));
        browser.Text("#notice").Should().Be("Submit request: done. The flow is now request submitted.");
        Stage(browser).Should().Be("RequestSubmitted");
        browser.Text("#waiting-on").Should().Be("the seller");
        browser.Exists("form[data-action='SendReminder']").Should().BeTrue("the buyer may remind the seller it waits on");
        Advance(browser, "+1 h");

        // The seller finds it waiting and returns the request.
        SignIn(browser, "Seller", "bytecraft");
        OpenFromWaitingList(browser, "ORD-1001");
        browser.Text("#waiting-on").Should().Be("the seller for 1 hour");
        Act(browser, "ReturnRequest", ("[name='Input.Text']", "Which maintenance window may we use?"));
        Stage(browser).Should().Be("RequestReturned");
        browser.Text("#request-rejections").Should().Be("1");
        browser.Text("#waiting-on").Should().Be("the buyer");

        // The buyer resubmits.
        SignIn(browser, "Buyer", "alice");
        OpenFromWaitingList(browser, "ORD-1001");
        Act(browser, "SubmitRequest", ("[name='Input.Text']", "Migrate our order database to PostgreSQL; Sunday night is free."),
            ("[data-field='Source database']", "MySQL 5.7"), ("[data-field='Target version']", "PostgreSQL 17"),
            ("[data-field='Maintenance window']", "Sunday 01:00-05:00"));
        Stage(browser).Should().Be("RequestSubmitted");
        Advance(browser, "+1 h");

        // The seller accepts, and delivers a day later.
        SignIn(browser, "Seller", "bytecraft");
        OpenFromWaitingList(browser, "ORD-1001");
        Act(browser, "AcceptRequest", ("[name='Input.Text']", "Scheduled for Sunday."));
        Stage(browser).Should().Be("InService");
        Advance(browser, "+1 day");
        browser.Text("#waiting-on").Should().Be("the seller for 1 day");
        Deliver(browser, "v1");
        Stage(browser).Should().Be("Delivered");
        browser.Text("#waiting-on").Should().Be("the buyer");

        // The buyer rejects the delivery.
        SignIn(browser, "Buyer", "alice");
        OpenFromWaitingList(browser, "ORD-1001");
        Act(browser, "RejectDelivery", ("[name='Input.Text']", "The index on orders.placed_at is missing."));
        Stage(browser).Should().Be("DeliveryRejected");
        browser.Text("#delivery-rejections").Should().Be("1");
        Advance(browser, "+1 h");

        // The seller delivers again.
        SignIn(browser, "Seller", "bytecraft");
        OpenFromWaitingList(browser, "ORD-1001");
        Deliver(browser, "v2");
        Stage(browser).Should().Be("Delivered");
        Advance(browser, "+1 h");

        // The buyer sees the second delivery (the page in the README), and accepts it.
        SignIn(browser, "Buyer", "alice");
        OpenFromWaitingList(browser, "ORD-1001");
        browser.Text("#waiting-on").Should().Be("the buyer for 1 hour");
        browser.Text("#request-rejections").Should().Be("1");
        browser.Text("#delivery-rejections").Should().Be("1");
        browser.Exists("form[data-action='AcceptDelivery']").Should().BeTrue();
        browser.Exists("form[data-action='RejectDelivery']").Should().BeTrue();
        browser.Driver.FindElements(By.CssSelector("#records li")).Should().HaveCount(8, "creation, two requests, a return, an acceptance, two deliveries and a rejection");
        browser.SaveScreenshot(Path.Combine(RepositoryRoot(), "docs", "images", "web-flow-page.png"));

        Act(browser, "AcceptDelivery", ("[name='Input.Text']", "All good, thank you."));
        Stage(browser).Should().Be("Accepted");
        browser.Text("#completion-due").Should().Be("2026-03-03 16:00 UTC", "completion is due 3 hours after the acceptance at 13:00");
        browser.Text("#status").Should().Be("Processing");

        // Three hours later the sweep completes it.
        Advance(browser, "+3 h");
        browser.Text("#notice").Should().Contain("the sweep updated 1 flow.");
        Stage(browser).Should().Be("Completed");
        browser.Text("#status").Should().Be("Completed");
        browser.Text("#waiting-on").Should().Be("nobody");
        browser.Find("#records li:last-child").GetDomAttribute("data-action").Should().Be("CompleteOnSchedule");
        browser.Text("#no-actions").Should().StartWith("Nothing for you to do now");
    }

    /// <summary>A second flow: the seller appeals, the decision becomes overdue, an operations manager closes the flow.</summary>
    private static void PlayAppealStory(Browser browser)
    {
        browser.Open("/flows/new");
        Browser.Type(browser.Find("#OrderNumber"), "ORD-1002");
        browser.Find("#ProductId option[value='architecture-review']").Click();
        browser.ClickAndWait("#place-order");
        Act(browser, "SubmitRequest", ("[name='Input.Text']", "Review our event-sourcing design and our data warehouse."));
        Stage(browser).Should().Be("RequestSubmitted");

        // The seller may appeal at any time (the default policy), and does.
        SignIn(browser, "Seller", "bytecraft");
        OpenFromWaitingList(browser, "ORD-1002");
        browser.Find("#appeal-conditions [data-condition='AnyTime']").Text.Should().Be("met: the seller may appeal at any time");
        Act(browser, "OpenAppeal", ("[name='Input.Text']", "The data warehouse is outside the product bought."),
            ("[name='Input.ProofUri1']", "https://files.example/product-sheet.pdf"));
        browser.Text("#appeal-opened-by").Should().StartWith("seller bytecraft");
        browser.Text("#waiting-on").Should().Be("an operations manager");
        browser.Text("#no-actions").Should().Contain("the appeal freezes the flow until an operations manager decides");

        // The buyer sees the frozen flow among the others, not waiting on the buyer.
        SignIn(browser, "Buyer", "alice");
        browser.Exists("#waiting tr[data-order='ORD-1002']").Should().BeFalse();
        browser.Text("#others tr[data-order='ORD-1002']").Should().Contain("(appeal open)");
        browser.Open("/flows/ORD-1002");
        browser.Text("#appeal-reason").Should().Be("The data warehouse is outside the product bought.");
        browser.Exists("form.action").Should().BeFalse("every buyer and seller action waits for the decision");

        // Nobody decides for five days: the appeal is overdue.
        Advance(browser, "+5 days");
        browser.Text("#appeal-due").Should().EndWith("overdue");

        // The operations manager's appeal queue, and the decision.
        SignIn(browser, "OperationsManager", "olivia");
        browser.Text("#waiting tr[data-order='ORD-1002']").Should().Contain("overdue");
        browser.ClickAndWait("#waiting tr[data-order='ORD-1002'] a");
        browser.Find("#records li:last-child").GetDomAttribute("data-action").Should().Be("FlagAppealOverdue");
        var form = browser.Find("form[data-action='DecideAppeal']");
        Browser.Type(form.FindElement(By.CssSelector("[name='Input.Text']")), "Out of scope: refund the buyer.");
        form.FindElement(By.CssSelector("[name='Input.Outcome'] option[value='Close']")).Click();
        browser.ClickAndWait(form.FindElement(By.CssSelector("button[data-submit='DecideAppeal']")));
        browser.Text("#notice").Should().Be("Decide appeal: done. The flow is now closed.");
        Stage(browser).Should().Be("Closed");
        browser.Text("#status").Should().Be("Closed");
        browser.Text("#records li:last-child").Should().Contain("Out of scope: refund the buyer.").And.Contain("outcome: Close");

        browser.Open("/");
        browser.Text("#waiting-empty").Should().Be("No appeal is open.");
    }

    private static void SignIn(Browser browser, string role, string id)
    {
        if (browser.Exists("#sign-out"))
        {
            browser.ClickAndWait("#sign-out");
        }

        browser.Open("/signin");
        browser.Find($"#role option[value='{role}']").Click();
        Browser.Type(browser.Find("#id"), id);
        browser.ClickAndWait("#sign-in");
        browser.Text("#signed-in-as").Should().EndWith(" " + id);
    }

    private static void OpenFromWaitingList(Browser browser, string orderNumber)
    {
        browser.Open("/");
        browser.ClickAndWait($"#waiting tr[data-order='{orderNumber}'] a");
        browser.Text("#order-number").Should().Be(orderNumber);
    }

    private static void Act(Browser browser, string action, params (string Css, string Value)[] inputs)
    {
        var form = browser.Find($"form[data-action='{action}']");
        foreach (var (css, value) in inputs)
        {
            Browser.Type(form.FindElement(By.CssSelector(css)), value);
        }

        browser.ClickAndWait(form.FindElement(By.CssSelector($"button[data-submit='{action}']")));
    }

    private static void Deliver(Browser browser, string version) => Act(browser, "Deliver",
        ("[name='Input.ProofUri1']", $"https://files.example/ORD-1001/sow-{version}.pdf"),
        ("[name='Input.ProofUri2']", $"https://files.example/ORD-1001/acceptance-{version}.pdf"),
        ("[data-field='Row counts verified']", "1,204,331 rows in both databases"),
        ("[name='Input.Text']", $"Migration {version} done."));

    private static void Advance(Browser browser, string label)
    {
        browser.ClickAndWait($"button[data-advance='{label}']");
        browser.Text("#notice").Should().StartWith("Clock moved forward");
    }

    private static string? Stage(Browser browser) => browser.Find("#stage-strip li.current").GetDomAttribute("data-stage");

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KooGallery.Supervision.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with KooGallery.Supervision.sln) is not above " + AppContext.BaseDirectory);
    }
}
