package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.catalog.CatalogOptions;
import dev.lookalike.catalog.Catalogs;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.engine.IngestOptions;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sandbox page in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven
 * by Selenium against a running server over a small generated demo catalog. The driver and the browser are named
 * explicitly, so Selenium Manager never tries to download anything. Skipped, with the reason, when either is missing
 * ({@code .ci/run} installs them where it can). Screenshots go to {@code target/browser-screenshots/}.
 */
class SandboxBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    private static final int PAGE = 48;

    @TempDir
    static Path dir;
    static ImageLoader images;
    static Lookalike engine;
    static LookalikeServer server;
    static ChromeDriver driver;
    static DemoCatalog demo;
    static String base;
    static HttpClient http;
    static String noBrowser;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Path.of(System.getProperty("lookalike.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("lookalike.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            // each test is then skipped with this reason (an assumption here would hide the tests from the report)
            noBrowser = "no browser to test the page with: " + chromium + " and " + chromedriver + " must both exist"
                    + " (apt-get install chromium chromium-driver; .ci/run does it when it runs as root)";
            return;
        }
        demo = new DemoCatalogGenerator().generate(dir.resolve("demo"),
                DemoCatalogGenerator.Options.defaults().withCount(160).withSeed(11));
        images = new ImageLoader(ImageLimits.DEFAULT);
        engine = Lookalike.open(LuceneProductStore.open(dir.resolve("index"), Encoders.defaultSettings()), images::load);
        engine.ingest(Catalogs.open(demo.catalogFile(), CatalogOptions.defaults()), IngestOptions.failFast());
        server = LookalikeServer.create(engine).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1360,1000", "--lang=en-US", "--user-data-dir=" + dir.resolve("chromium-profile"));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (images != null) {
            images.close();
        }
    }

    @BeforeEach
    void freshPage() {
        Assumptions.assumeTrue(noBrowser == null, noBrowser);
        // a new document: no anchors, filters or photo left over from another test
        driver.get("about:blank");
        driver.get(base + "/#/");
        waitIdle("results-view");
    }

    @Test
    void likingTwoProductsAndSortingBySimilarGivesTheApisOrderAlsoOverKeywordsAndWithAKeyboardDislike(TestInfo info)
            throws Exception {
        List<String> browse = gridIds();
        assertThat(browse).hasSize(PAGE);
        String a = browse.get(3);
        String b = browse.get(10);
        card(a).findElement(By.cssSelector("button.like")).click();
        // keyboard: the like button is an ordinary focusable button, activated with Enter
        WebElement likeB = card(b).findElement(By.cssSelector("button.like"));
        focus(likeB);
        likeB.sendKeys(Keys.ENTER);
        assertThat(likeB.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(card(a).getAttribute("class")).contains("liked");
        assertThat(driver.findElements(By.cssSelector("#liked .chip"))).hasSize(2);

        driver.findElement(By.id("sort")).click();
        waitStatus("sorted by similarity to 2 liked");
        ObjectNode request = request(null, List.of(a, b), List.of());
        JsonNode expected = postJson("/v1/search", request);
        assertThat(gridIds()).isEqualTo(ids(expected)).hasSize(PAGE).doesNotContain(a, b);
        assertThat(driver.findElements(By.cssSelector("#grid .card .why"))).hasSize(PAGE);
        assertThat(driver.findElement(By.cssSelector("#status .mode")).getText()).isEqualTo(expected.get("mode").asText());
        screenshot(info, "sorted-by-similar");

        // keywords re-sort the current results: only the matches, in the API's order
        WebElement q = driver.findElement(By.id("q"));
        q.sendKeys("dress", Keys.ENTER);
        waitStatus("results for \u201cdress\u201d");
        expected = postJson("/v1/search", request("dress", List.of(a, b), List.of()));
        assertThat(expected.get("total").asInt()).isPositive();
        assertThat(gridIds()).isEqualTo(ids(expected));

        // a dislike by keyboard (Space) becomes a negative anchor and the page re-sorts
        String c = gridIds().get(0);
        WebElement dislike = card(c).findElement(By.cssSelector("button.dislike"));
        focus(dislike);
        dislike.sendKeys(Keys.SPACE);
        waitStatus("2 liked and 1 disliked");
        expected = postJson("/v1/search", request("dress", List.of(a, b), List.of(c)));
        assertThat(gridIds()).isEqualTo(ids(expected)).doesNotContain(c);
    }

    @Test
    void searchesByAPhotoFromTheFileInputAndFromADrop(TestInfo info) throws Exception {
        // the picture of a catalog product, uploaded as a file the browser has never seen as a product
        String source = demo.products().get(5).id();
        Path photo = dir.resolve("upload.png");
        Files.copy(Path.of(demo.products().get(5).images().get(0).uri()), photo);
        driver.findElement(By.id("photo")).sendKeys(photo.toAbsolutePath().toString());
        waitStatus("similar to your photo");
        assertThat(driver.findElement(By.id("photo-preview")).isDisplayed()).isTrue();
        JsonNode expected = postImage(Files.readAllBytes(photo), request(null, List.of(), List.of()));
        List<String> shown = gridIds();
        assertThat(shown).isEqualTo(ids(expected));
        assertThat(shown.get(0)).isEqualTo(source);   // its own product is the closest
        assertThat(driver.findElements(By.cssSelector("#grid .card .why"))).hasSize(shown.size());
        screenshot(info, "photo-search");

        // with a refining text, through a drop on the drop zone (a synthetic drop event carrying the same file)
        driver.findElement(By.id("photo-clear")).click();
        waitStatus(demo.products().size() + " products");
        WebElement refine = driver.findElement(By.id("photo-text"));
        refine.sendKeys("red");
        refine.sendKeys(Keys.TAB);
        ((JavascriptExecutor) driver).executeAsyncScript("""
                const [url, done] = arguments;
                fetch(url).then(r => r.blob()).then(blob => {
                  const dt = new DataTransfer();
                  dt.items.add(new File([blob], "dropped.png", {type: "image/png"}));
                  document.getElementById("drop").dispatchEvent(
                      new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
                  done();
                });""", base + "/v1/products/" + source + "/images/0");
        waitStatus("similar to your photo + \u201cred\u201d");
        ObjectNode refined = request(null, List.of(), List.of());
        refined.put("text", "red");
        assertThat(gridIds()).isEqualTo(ids(postImage(Files.readAllBytes(photo), refined)));
    }

    @Test
    void aProductPageShowsMoreLikeThisWithExplanations(TestInfo info) throws Exception {
        String id = gridIds().get(7);
        card(id).findElement(By.cssSelector("a.title")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().endsWith("#/p/" + id)
                && "false".equals(d.findElement(By.id("product-view")).getAttribute("aria-busy"))
                && !d.findElements(By.cssSelector("#more .card")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#product h1")).getText())
                .isEqualTo(engine.product(id).orElseThrow().title());
        ObjectNode request = JSON.createObjectNode();
        request.putArray("anchors").addObject().put("id", id);
        request.put("k", 12).put("explain", true);
        JsonNode expected = postJson("/v1/search", request);
        List<WebElement> hits = driver.findElements(By.cssSelector("#more .card"));
        assertThat(hits.stream().map(h -> h.getAttribute("data-id")).toList()).isEqualTo(ids(expected)).hasSize(12);
        for (int i = 0; i < hits.size(); i++) {
            WebElement hit = hits.get(i);
            JsonNode ex = expected.get("hits").get(i).get("explanation");
            String mods = hit.findElement(By.cssSelector(".explain .mods")).getText();
            assertThat(mods).contains(String.format(java.util.Locale.ROOT, "img %.2f",
                    ex.get("modalities").get(0).get("cosine").asDouble()));
            assertThat(hit.findElement(By.cssSelector(".why")).getAttribute("aria-label")).startsWith("Why similar: image cos");
            if (!ex.get("shared_attributes").isEmpty()) {
                String firstShared = ex.get("shared_attributes").elements().next().get(0).asText();
                assertThat(hit.findElement(By.cssSelector(".shared")).getText()).startsWith("shares ").contains(firstShared);
            }
        }
        assertThat(driver.findElement(By.cssSelector("#more-status .mode")).getText()).isEqualTo(expected.get("mode").asText());
        screenshot(info, "product-page");

        // its Like button works from the product page too, and "sort the results" goes back sorted by it
        driver.findElement(By.cssSelector("#product button.primary")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().endsWith("#/")
                && text("status").contains("sorted by similarity to 1 liked"));
        waitIdle("results-view");
        assertThat(gridIds()).isEqualTo(ids(postJson("/v1/search", request(null, List.of(id), List.of()))));
    }

    @Test
    void filtersNarrowTheGridAndAnApiErrorShowsItsJsonMessage(TestInfo info) throws Exception {
        // the facets fill the category choices; choosing one filters the grid exactly as the API does
        org.openqa.selenium.support.ui.Select category = new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-category")));
        assertThat(category.getOptions().size()).isGreaterThan(3);
        category.selectByValue("Dresses");
        waitIdle("results-view");
        ObjectNode request = JSON.createObjectNode();
        request.putObject("filter").putArray("category").add("Dresses");
        request.put("offset", 0).put("k", PAGE);
        JsonNode expected = postJson("/v1/search", request);
        assertThat(gridIds()).isNotEmpty().isEqualTo(ids(expected));
        assertThat(text("status")).startsWith(expected.get("total").asInt() + " products");
        // the audit entry links the server's audit views, and each of them answers
        assertThat(driver.findElement(By.id("nav-audit")).isDisplayed()).isTrue();
        List<WebElement> audits = driver.findElements(By.cssSelector("#audit-links a"));
        assertThat(audits).extracting(a -> a.getText()).contains("Assortment clusters", "Near-duplicates (JSON)");
        for (WebElement a : audits) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(a.getAttribute("href"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(a.getAttribute("href")).isEqualTo(200);
        }

        // a minimum above the maximum: the API refuses it, and the page shows the API's own message
        driver.findElement(By.id("f-min")).sendKeys("90", Keys.TAB);
        waitIdle("results-view");
        driver.findElement(By.id("f-max")).sendKeys("20", Keys.TAB);
        waitIdle("results-view");
        ((ObjectNode) request.get("filter")).put("min_price", 90.0).put("max_price", 20.0);
        HttpResponse<String> refused = post("/v1/search", "application/json", JSON.writeValueAsBytes(request));
        assertThat(refused.statusCode()).isEqualTo(400);
        String message = JSON.readTree(refused.body()).get("error").get("message").asText();
        WebElement error = driver.findElement(By.id("error"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getText()).contains("bad request").contains(message);
        assertThat(gridIds()).isEmpty();
        screenshot(info, "api-error");

        driver.findElement(By.id("f-clear")).click();
        waitIdle("results-view");
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
        assertThat(gridIds()).hasSize(PAGE);
    }

    // ------------------------------------------------------------------------------------------------------------

    /** The grid request the page sends for these keywords and anchors: no filter, first page, with explanations. */
    private static ObjectNode request(String q, List<String> likes, List<String> dislikes) {
        ObjectNode r = JSON.createObjectNode();
        if (q != null) {
            r.put("q", q);
        }
        if (!likes.isEmpty() || !dislikes.isEmpty()) {
            ArrayNode anchors = r.putArray("anchors");
            likes.forEach(id -> anchors.addObject().put("id", id));
            dislikes.forEach(id -> anchors.addObject().put("id", id).put("weight", -1));
        }
        return r.put("offset", 0).put("k", PAGE).put("explain", true);
    }

    /** Waits until the grid's last load has finished and its status line says {@code expected}. */
    private static void waitStatus(String expected) {
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .withMessage(() -> "status '" + text("status") + "', error '" + driver.findElement(By.id("error")).getAttribute("innerHTML") + "', expected '" + expected + "'")
                .until(d -> text("status").contains(expected)
                && "false".equals(d.findElement(By.id("results-view")).getAttribute("aria-busy")));
    }

    private static void waitIdle(String view) {
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(d -> "false".equals(d.findElement(By.id(view)).getAttribute("aria-busy")));
    }

    private static List<String> gridIds() {
        return driver.findElements(By.cssSelector("#grid .card")).stream().map(c -> c.getAttribute("data-id")).toList();
    }

    private static WebElement card(String id) {
        return driver.findElement(By.cssSelector("#grid .card[data-id='" + id + "']"));
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static void focus(WebElement e) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].focus()", e);
        assertThat(driver.switchTo().activeElement()).isEqualTo(e);
    }

    private static void screenshot(TestInfo info, String name) throws IOException {
        Path file = SCREENSHOTS.resolve(info.getTestClass().orElseThrow().getSimpleName() + "-" + name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static List<String> ids(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("hits").forEach(h -> ids.add(h.get("id").asText()));
        return ids;
    }

    private static JsonNode postJson(String path, JsonNode body) throws Exception {
        HttpResponse<String> r = post(path, "application/json", JSON.writeValueAsBytes(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode postImage(byte[] picture, JsonNode query) throws Exception {
        String boundary = "----lookalike-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(picture);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"query\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(JSON.writeValueAsBytes(query));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post("/v1/search/image", "multipart/form-data; boundary=" + boundary, body.toByteArray());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
