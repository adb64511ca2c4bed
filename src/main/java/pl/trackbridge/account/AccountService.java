package pl.trackbridge.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import pl.trackbridge.api.ApiException;

/**
 * {@code PUT /accounts/{id}} and its read. Write-only fields (webhook secrets, the Allegro refresh token)
 * are merged or forwarded, not replaced: a client cannot read them back, so a PUT that omits them must not wipe them.
 * A source set to {@code null} removes its secrets.
 */
public final class AccountService {
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Warsaw");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final AccountStore store;
    private final Set<String> sources;
    private final Clock clock;
    private final AllegroConnection allegro;

    public AccountService(AccountStore store, Set<String> sources, Clock clock) {
        this(store, sources, clock, AllegroConnection.NONE);
    }

    public AccountService(AccountStore store, Set<String> sources, Clock clock, AllegroConnection allegro) {
        this.store = store;
        this.sources = Set.copyOf(sources);
        this.clock = clock;
        this.allegro = allegro;
    }

    /** CONNECTED, DISCONNECTED or NOT_CONNECTED. */
    public String allegroStatus(String accountId) {
        return allegro.status(accountId);
    }

    public static boolean isValidId(String accountId) {
        return accountId != null && ACCOUNT_ID.matcher(accountId).matches();
    }

    public record Saved(Account account, boolean created) {
    }

    public Saved put(String accountId, JsonNode body) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!isValidId(accountId)) {
            errors.put("accountId", "1-64 characters of A-Z a-z 0-9 _ -");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        Optional<Account> existing = isValidId(accountId) ? store.find(accountId) : Optional.empty();
        ZoneId zone = existing.map(Account::timeZone).orElse(DEFAULT_ZONE);
        JsonNode tz = body.get("timeZone");
        if (tz != null && !tz.isNull()) {
            try {
                zone = ZoneId.of(tz.asText());
            } catch (DateTimeException e) {
                errors.put("timeZone", "not an IANA time zone such as Europe/Warsaw");
            }
        }
        Map<String, Map<String, String>> secrets = new HashMap<>(existing.map(Account::webhookSecrets).orElse(Map.of()));
        JsonNode ws = body.get("webhookSecrets");
        if (ws != null && !ws.isNull()) {
            if (!ws.isObject()) {
                errors.put("webhookSecrets", "an object of source -> {secret, token, organizationId, allowedCidrs}");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = ws.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!sources.contains(e.getKey())) {
                        errors.put("webhookSecrets." + e.getKey(), "unknown source; known: " + String.join(", ", sources.stream().sorted().toList()));
                    } else if (e.getValue().isNull()) {
                        secrets.remove(e.getKey());
                    } else if (!e.getValue().isObject()) {
                        errors.put("webhookSecrets." + e.getKey(), "an object of string values");
                    } else {
                        Map<String, String> values = new HashMap<>();
                        e.getValue().fields().forEachRemaining(v -> {
                            if (v.getValue().isTextual() && !v.getValue().asText().isEmpty()) {
                                values.put(v.getKey(), v.getValue().asText());
                            } else {
                                errors.put("webhookSecrets." + e.getKey() + "." + v.getKey(), "a non-empty string");
                            }
                        });
                        secrets.put(e.getKey(), values);
                    }
                }
            }
        }
        Map<String, Map<String, Double>> thresholds = new HashMap<>(existing.map(Account::thresholds).orElse(Map.of()));
        JsonNode th = body.get("thresholds");
        if (th != null && !th.isNull()) {
            th.fields().forEachRemaining(e -> {
                Map<String, Double> levels = new HashMap<>();
                e.getValue().fields().forEachRemaining(l -> {
                    if (l.getValue().isNumber()) {
                        levels.put(l.getKey(), l.getValue().asDouble());
                    } else {
                        errors.put("thresholds." + e.getKey() + "." + l.getKey(), "a number");
                    }
                });
                thresholds.put(e.getKey(), levels);
            });
        }
        Map<String, String> carrierNames = new HashMap<>(existing.map(Account::carrierNames).orElse(Map.of()));
        JsonNode cn = body.get("carrierNames");
        if (cn != null && !cn.isNull()) {
            cn.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    carrierNames.put(e.getKey(), e.getValue().asText());
                } else {
                    errors.put("carrierNames." + e.getKey(), "an Allegro carrier id");
                }
            });
        }
        ForwardingPolicy forwarding = forwarding(existing.map(Account::forwarding).orElse(ForwardingPolicy.DEFAULT),
                body.get("forwarding"), errors);
        JsonNode rt = body.get("allegroRefreshToken");
        if (rt != null && !rt.isNull() && (!rt.isTextual() || rt.asText().isBlank())) {
            errors.put("allegroRefreshToken", "a refresh token obtained from Allegro");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Instant now = clock.instant();
        Account account = new Account(accountId, zone, secrets, thresholds, carrierNames,
                existing.map(Account::createdAt).orElse(now), now, forwarding);
        store.save(account);
        if (rt != null && rt.isTextual()) {
            allegro.connect(accountId, rt.asText()); // to the token table; never stored with the account
        }
        return new Saved(account, existing.isEmpty());
    }

    /** {@code "forwarding": {"waybillAt": "REGISTRATION" | "FIRST_SCAN", "processingAtLabel": bool}}, merged field by field. */
    private static ForwardingPolicy forwarding(ForwardingPolicy current, JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            return current;
        }
        if (!node.isObject()) {
            errors.put("forwarding", "an object {waybillAt, processingAtLabel}");
            return current;
        }
        ForwardingPolicy.WaybillAt at = current.waybillAt();
        JsonNode w = node.get("waybillAt");
        if (w != null && !w.isNull()) {
            try {
                at = ForwardingPolicy.WaybillAt.valueOf(w.asText());
            } catch (IllegalArgumentException e) {
                errors.put("forwarding.waybillAt", "REGISTRATION or FIRST_SCAN");
            }
        }
        boolean processing = current.processingAtLabel();
        JsonNode p = node.get("processingAtLabel");
        if (p != null && !p.isNull()) {
            if (p.isBoolean()) {
                processing = p.asBoolean();
            } else {
                errors.put("forwarding.processingAtLabel", "true or false");
            }
        }
        return new ForwardingPolicy(at, processing);
    }

    public Optional<Account> get(String accountId) {
        return isValidId(accountId) ? store.find(accountId) : Optional.empty();
    }
}
