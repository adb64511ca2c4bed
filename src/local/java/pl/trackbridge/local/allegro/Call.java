package pl.trackbridge.local.allegro;

import com.github.tomakehurst.wiremock.http.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of an HTTP request the stand-in looks at, with query and form parameters decoded once. */
record Call(String method, String path, List<String> segments, Map<String, List<String>> query,
        Map<String, List<String>> form, Request request) {

    static Call of(Request request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        Map<String, List<String>> query = parse(q < 0 ? "" : url.substring(q + 1));
        String contentType = request.getHeader("Content-Type");
        Map<String, List<String>> form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
                ? parse(request.getBodyAsString())
                : Map.of();
        return new Call(request.getMethod().getName(), path, segments, query, form, request);
    }

    private static Map<String, List<String>> parse(String encoded) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    String header(String name) {
        return request.getHeader(name);
    }

    /** First value of a query parameter, or null. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The token endpoint takes its parameters from the query (Allegro's examples) or a form body. */
    String queryOrForm(String name) {
        String value = param(name);
        if (value == null && form.containsKey(name)) {
            value = form.get(name).get(0);
        }
        return value;
    }

    String body() {
        return request.getBodyAsString();
    }

    String segment(int index) {
        return index < segments.size() ? segments.get(index) : null;
    }
}
