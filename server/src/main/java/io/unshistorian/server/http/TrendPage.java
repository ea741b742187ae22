package io.unshistorian.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

/**
 * The trend page's static files, served from the jar at {@code /} without credentials (they hold no
 * data; the page asks the API, which authenticates): our HTML, JavaScript modules, CSS and icon, and uPlot
 * from its WebJar at {@code /vendor/uplot/}. Every response forbids inline scripts and styles and
 * anything from another origin; files are revalidated by ETag, uPlot is cached for a week.
 */
public final class TrendPage {
    static final String CONTENT_SECURITY_POLICY =
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
    private static final String PAGE = "io/unshistorian/server/http/ui/";
    private static final String UPLOT_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String VENDOR = "/vendor/uplot/";
    /** Our file names: no '/' or '..' can reach other resources of the class path. */
    private static final Pattern OWN_FILE = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Map<String, String> UPLOT_FILES = Map.of("uPlot.esm.js", "dist/uPlot.esm.js",
        "uPlot.min.css", "dist/uPlot.min.css", "LICENSE", "LICENSE");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final String uplotRoot;
    private final Map<String, Resource> loaded = new ConcurrentHashMap<>();

    private TrendPage(String uplotRoot) {
        this.uplotRoot = uplotRoot;
    }

    private record Resource(byte[] body, String type, String etag, String cacheControl) {
    }

    public static HttpRoute route() {
        TrendPage page = new TrendPage(uplotRoot());
        return new HttpRoute("/", false, (exchange, caller) -> {
            if (HttpResponses.readOnly(exchange)) {
                page.serve(exchange);
            }
        });
    }

    /** Where the WebJar keeps uPlot, found through its Maven properties so the version is written once (the pom). */
    private static String uplotRoot() {
        try (InputStream in = TrendPage.class.getClassLoader().getResourceAsStream(UPLOT_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return "META-INF/resources/webjars/uplot/" + properties.getProperty("version") + "/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String key = path.equals("/") ? "/index.html" : path;
        Resource resource = loaded.computeIfAbsent(key, this::load);   // null (not kept) when there is none
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        if (resource == null) {
            HttpResponses.error(exchange, 404, "no page at " + path + "; the trend page is at /");
            return;
        }
        headers.set("Cache-Control", resource.cacheControl());
        headers.set("ETag", resource.etag());
        if (resource.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            HttpResponses.send(exchange, 304, resource.type(), new byte[0]);
        } else {
            HttpResponses.send(exchange, 200, resource.type(), resource.body());
        }
    }

    /** A file by its URL path, or null: only files that exist are remembered, so odd URLs cost no memory. */
    private Resource load(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (path.startsWith(VENDOR) && UPLOT_FILES.containsKey(path.substring(VENDOR.length()))) {
            String type = name.endsWith(".js") ? TYPES.get("js") : name.endsWith(".css") ? TYPES.get("css")
                : "text/plain; charset=utf-8";
            return read(uplotRoot + UPLOT_FILES.get(name), type, "public, max-age=604800");
        }
        if (path.equals("/" + name) && OWN_FILE.matcher(name).matches()) {
            return read(PAGE + name, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), "no-cache");
        }
        return null;
    }

    private static Resource read(String resource, String type, String cacheControl) {
        try (InputStream in = TrendPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] body = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12)
                + "\"";
            return new Resource(body, type, etag, cacheControl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
