package pl.trackbridge.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One inbound webhook delivery, independent of how it arrived (API Gateway event or local HTTP).
 * Signatures are always verified over {@link #body()}, the exact bytes received.
 */
public final class WebhookRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final String accountId;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final byte[] body;
    private final String sourceIp;
    private final Instant receivedAt;
    private JsonNode json;

    public WebhookRequest(String source, String accountId, Map<String, String> headers, Map<String, String> query,
            byte[] body, String sourceIp, Instant receivedAt) {
        this.source = source;
        this.accountId = accountId;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        this.headers = h;
        this.query = query == null ? Map.of() : Map.copyOf(query);
        this.body = body == null ? new byte[0] : body;
        this.sourceIp = sourceIp;
        this.receivedAt = receivedAt;
    }

    public String source() { return source; }
    public String accountId() { return accountId; }
    /** Header lookup is case-insensitive, as HTTP requires. */
    public String header(String name) { return headers.get(name); }
    public Map<String, String> headers() { return headers; }
    public String query(String name) { return query.get(name); }
    public byte[] body() { return body; }
    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }
    public String sourceIp() { return sourceIp; }
    public Instant receivedAt() { return receivedAt; }

    /** The media type without parameters, lower-cased, or null. */
    public String mediaType() {
        String ct = headers.get("content-type");
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The body parsed as a JSON object, memoised. */
    public JsonNode json() {
        if (json == null) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node == null || !node.isObject()) {
                    throw new WebhookRejectedException(WebhookRejectedException.Problem.MALFORMED,
                            "the body must be a JSON object");
                }
                json = node;
            } catch (JsonProcessingException e) {
                throw new WebhookRejectedException(WebhookRejectedException.Problem.MALFORMED,
                        "the body is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new WebhookRejectedException(WebhookRejectedException.Problem.MALFORMED,
                        "the body could not be read");
            }
        }
        return json;
    }
}
