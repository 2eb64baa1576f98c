using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace KooGallery.Supervision.Web.Tests;

/// <summary>
/// Headless Chromium driven by Selenium, from Debian's chromium and chromium-driver packages (or the paths in
/// KOOGALLERY_SUPERVISION_CHROMIUM and KOOGALLERY_SUPERVISION_CHROMEDRIVER). With CI=true a missing browser fails the
/// test; elsewhere it is skipped with a message saying how to install one.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumVariable = "KOOGALLERY_SUPERVISION_CHROMIUM";
    public const string DriverVariable = "KOOGALLERY_SUPERVISION_CHROMEDRIVER";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ChromeDriver _driver;
    private readonly Uri _site;

    private Browser(ChromeDriver driver, Uri site)
    {
        _driver = driver;
        _site = site;
    }

    public IWebDriver Driver => _driver;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds the browser and its driver, or skips the test (fails it under CI=true) when they are not installed.</summary>
    public static (string Chromium, string Driver) FindOrSkip()
    {
        var chromium = Find(ChromiumVariable, "/usr/bin/chromium", "/usr/bin/chromium-browser");
        var driver = Find(DriverVariable, "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium is null || driver is null)
        {
            var how = "The browser test needs headless Chromium and its driver: install them (`apt-get install chromium chromium-driver` on Debian) "
                + $"or set {ChromiumVariable} and {DriverVariable} to the browser and chromedriver. Missing: "
                + (chromium is null ? "chromium" : string.Empty) + (chromium is null && driver is null ? " and " : string.Empty)
                + (driver is null ? "chromedriver" : string.Empty) + ".";
            if (InCi)
            {
                throw new InvalidOperationException("CI=true and no browser is available. " + how);
            }

            Assert.Skip(how);
        }

        return (chromium!, driver!);
    }

    /// <summary>Starts headless Chromium on a site.</summary>
    public static Browser Start((string Chromium, string Driver) installed, Uri site)
    {
        var (chromium, driver) = installed;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1500",
            "--force-device-scale-factor=1", "--hide-scrollbars", "--lang=en-US", "--no-first-run", "--disable-extensions");
        return new Browser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), site);
    }

    public void Open(string path) => _driver.Navigate().GoToUrl(new Uri(_site, path));

    public IWebElement Find(string css) => _driver.FindElement(By.CssSelector(css));

    public bool Exists(string css) => _driver.FindElements(By.CssSelector(css)).Count > 0;

    public string Text(string css) => Find(css).Text;

    /// <summary>
    /// Clicks a button that sends a form, and waits until the next page is loaded: the old page's window carries a mark
    /// the new page does not.
    /// </summary>
    public void ClickAndWait(IWebElement button)
    {
        _driver.ExecuteScript("window.koogalleryOldPage = true;");
        button.Click();
        new WebDriverWait(_driver, Patience).Until(_ => IsNewPageLoaded());
    }

    public void ClickAndWait(string css) => ClickAndWait(Find(css));

    public static void Type(IWebElement input, string text)
    {
        input.Clear();
        input.SendKeys(text);
    }

    public void SaveScreenshot(string file)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        _driver.GetScreenshot().SaveAsFile(file);
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }

    private bool IsNewPageLoaded()
    {
        try
        {
            return _driver.ExecuteScript("return window.koogalleryOldPage === undefined && document.readyState === 'complete';") is true;
        }
        catch (WebDriverException)
        {
            return false; // the page is being replaced: ask again
        }
    }

    private static string? Find(string variable, params string[] candidates)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        return candidates.FirstOrDefault(File.Exists);
    }
}
