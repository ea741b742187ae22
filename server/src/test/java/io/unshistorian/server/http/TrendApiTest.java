package io.unshistorian.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.embedded.Historian;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.Grants;
import io.unshistorian.server.security.Right;
import io.unshistorian.server.security.Security;
import io.unshistorian.storage.write.WriteBatch;

/**
 * The trend page's JSON API and static files over a real listener: exact answers, what a caller
 * with a narrow grant sees, one-line refusals naming the parameter, and the page's headers.
 */
class TrendApiTest {
    private static final long T0_MS = 1_700_000_000_000L;
    private static final long T0 = T0_MS * 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private Historian historian;
    private Security security;
    private HistorianHttpServer server;
    private String reader;
    private String admin;

    @BeforeEach
    void start() throws Exception {
        Path data = dir.resolve("data");
        historian = Historian.open(data);
        historian.write(new WriteBatch()
            .addDouble("acme/dallas/a/temp", T0, 1.0)
            .addDouble("acme/dallas/a/temp", T0 + SECOND, Double.POSITIVE_INFINITY)
            .addDouble("acme/dallas/a/temp", T0 + 2 * SECOND, 3.0, Quality.BAD)
            .addDouble("acme/dallas/a/level", T0, Double.NaN, 0x4096_0000)
            .addLong("acme/dallas/a/count", T0, 42)
            .addString("acme/dallas/a/state", T0, "RUN \"fast\"")
            .addDouble("acme/houston/b/temp", T0, 7.0));
        reader = ApiTokens.of(data).create("reader");
        admin = ApiTokens.of(data).create("admin");
        Grants grants = Grants.of(data);
        grants.add(new Grants.Grant("token:reader", Right.READ, "acme/dallas/#"));
        grants.add(new Grants.Grant("token:admin", Right.ADMIN, "#"));
        security = Security.of(data, true, null);
        HistorianMetrics metrics = new HistorianMetrics();
        server = HistorianHttpServer.start(new HistorianHttpServer.Settings("127.0.0.1", 0, false, null, security),
            metrics, HttpRoutes.of(historian, metrics, security));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        security.close();
        historian.close();
    }

    @Test
    void plotAnswersTheDistinctM4SamplesAndTheBadPeriodInEpochMilliseconds() throws Exception {
        HttpResponse<String> plot = get("/api/v1/plot?path=acme/dallas/a/temp&path=acme/dallas/a/state&pixels=1&start="
            + T0_MS + "&end=" + (T0_MS + 10_000), admin);
        assertEquals(200, plot.statusCode(), plot.body());
        assertEquals("application/json", plot.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"start\":" + T0_MS + ",\"end\":" + (T0_MS + 10_000) + ",\"pixels\":1,\"series\":["
            + "{\"path\":\"acme/dallas/a/temp\",\"type\":\"DOUBLE\",\"t\":[" + T0_MS + "," + (T0_MS + 1000) + "],"
            + "\"v\":[1,\"Infinity\"],\"periods\":[{\"start\":" + (T0_MS + 2000) + ",\"end\":" + (T0_MS + 10_000)
            + ",\"quality\":2147483648,\"severity\":\"bad\"}]}],"
            + "\"skipped\":[{\"path\":\"acme/dallas/a/state\",\"reason\":\"a STRING series is listed, not plotted\"}]}",
            plot.body());

        // Without a range: every sample of the series, to one nanosecond past the last.
        String all = get("/api/v1/plot?path=acme/dallas/a/temp&pixels=100", admin).body();
        assertTrue(all.startsWith("{\"start\":" + T0_MS + ",\"end\":" + (T0_MS + 2000) + ".000001,"), all);
    }

    @Test
    void latestGivesValueTypeQualityAndSeverityWithNonFiniteNumbersAsStrings() throws Exception {
        String latest = get("/api/v1/latest?filter=" + encode("acme/dallas/a/#"), admin).body();
        assertEquals("{\"latest\":["
            + "{\"path\":\"acme/dallas/a/count\",\"type\":\"LONG\",\"time\":" + T0_MS
            + ",\"value\":42,\"quality\":0,\"severity\":\"good\"},"
            + "{\"path\":\"acme/dallas/a/level\",\"type\":\"DOUBLE\",\"time\":" + T0_MS
            + ",\"value\":\"NaN\",\"quality\":1083572224,\"severity\":\"uncertain\"},"
            + "{\"path\":\"acme/dallas/a/state\",\"type\":\"STRING\",\"time\":" + T0_MS
            + ",\"value\":\"RUN \\\"fast\\\"\",\"quality\":0,\"severity\":\"good\"},"
            + "{\"path\":\"acme/dallas/a/temp\",\"type\":\"DOUBLE\",\"time\":" + (T0_MS + 2000)
            + ",\"value\":3,\"quality\":2147483648,\"severity\":\"bad\"}],\"truncated\":false}", latest);
        String two = get("/api/v1/latest?path=acme/dallas/a/count&path=acme/houston/b/temp&limit=1", admin).body();
        assertTrue(two.contains("acme/dallas/a/count") && !two.contains("houston") && two.endsWith("\"truncated\":true}"),
            two);
    }

    @Test
    void aCallerSeesOnlyWhatItMayRead() throws Exception {
        assertEquals("{\"path\":\"acme\",\"children\":[{\"segment\":\"dallas\",\"path\":\"acme/dallas\",\"series\":false,"
            + "\"children\":true}]}", get("/api/v1/browse?path=acme", reader).body());
        assertTrue(get("/api/v1/browse?path=acme", admin).body().contains("houston"));
        String series = get("/api/v1/series?filter=%23", reader).body();
        assertTrue(series.contains("acme/dallas/a/temp") && !series.contains("houston"), series);
        assertTrue(series.contains("{\"path\":\"acme/dallas/a/state\",\"type\":\"STRING\",\"unit\":\"\","
            + "\"description\":\"\",\"plottable\":false}"), series);
        assertTrue(get("/api/v1/series?filter=%23&limit=2", reader).body().endsWith("],\"truncated\":true}"));
        assertFalse(get("/api/v1/latest?filter=%23", reader).body().contains("houston"));

        HttpResponse<String> denied = get("/api/v1/plot?path=acme/houston/b/temp&pixels=10", reader);
        assertEquals(403, denied.statusCode());
        assertEquals("token:reader may not read 'acme/houston/b/temp'; ask an administrator for a read grant\n",
            denied.body());
        HttpResponse<String> anonymous = get("/api/v1/browse", null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("API token"), anonymous.body());
    }

    @Test
    void badRequestsAreOneLineNamingTheParameter() throws Exception {
        assertRefused(400, "/api/v1/plot?path=acme/dallas/a/temp", "parameter 'pixels' is missing");
        assertRefused(400, "/api/v1/plot?path=acme/dallas/a/temp&pixels=wide",
            "parameter 'pixels' must be a whole number, not 'wide'");
        assertRefused(400, "/api/v1/plot?path=acme/dallas/a/temp&pixels=10001",
            "parameter 'pixels' must be between 1 and 10000, not 10001");
        assertRefused(400, "/api/v1/plot?path=acme/dallas/a/temp&pixels=9&start=5",
            "parameters 'start' and 'end' go together");
        assertRefused(400, "/api/v1/plot?path=acme/%2B/a/temp&pixels=9",
            "parameter 'path' must be a series path without wildcards, not 'acme/+/a/temp'");
        assertRefused(400, "/api/v1/plot?path=a&pixels=9&quality=best", "parameter 'quality' must be good");
        assertRefused(400, "/api/v1/series?filter=a/%23/b", "parameter 'filter': ");
        assertRefused(400, "/api/v1/series", "parameter 'filter' is missing");
        assertRefused(400, "/api/v1/latest?filter=a&path=b", "give either parameter 'filter'");
        assertRefused(400, "/api/v1/browse?path=a&path=b", "parameter 'path' is given 2 times");
        assertRefused(400, "/api/v1/browse?depth=2", "unknown parameter 'depth'; this endpoint takes path");
        assertRefused(404, "/api/v1/query", "no API endpoint '/api/v1/query'");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/browse"))
            .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void thePageIsPublicWithAStrictContentSecurityPolicyAndRevalidatedByETag() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
        assertEquals(TrendPage.CONTENT_SECURITY_POLICY,
            page.headers().firstValue("Content-Security-Policy").orElse(""));
        assertTrue(TrendPage.CONTENT_SECURITY_POLICY.startsWith("default-src 'self';"));
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
        assertFalse(page.body().contains("<script>") || page.body().contains("style="), "nothing inline");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create(base() + "/"))
            .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());

        HttpResponse<String> uplot = get("/vendor/uplot/uPlot.esm.js", null);
        assertEquals(200, uplot.statusCode());
        assertEquals("text/javascript; charset=utf-8", uplot.headers().firstValue("Content-Type").orElse(""));
        assertEquals("public, max-age=604800", uplot.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(uplot.body().contains("export"), "the ES module build");
        assertEquals("text/css; charset=utf-8", get("/style.css", null).headers().firstValue("Content-Type").orElse(""));
        assertEquals(404, get("/vendor/uplot/package.json", null).statusCode());
        assertEquals(404, get("/io/unshistorian/server/http/ui/app.js", null).statusCode());
        assertEquals(404, get("/..%2Fsecurity/tokens", null).statusCode());
    }

    private void assertRefused(int status, String path, String start) throws Exception {
        HttpResponse<String> response = get(path, admin);
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(start), response.body());
        assertEquals(1, response.body().lines().count(), response.body());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
