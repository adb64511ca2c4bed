package pl.trackbridge.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A function's inline policy statements in template.yaml, read as written: a table is {@code KpiTable.Arn}
 * ({@code !GetAtt}), an index {@code ${ForwardsTable.Arn}/index/ByOrder} ({@code !Sub}).
 */
public final class TemplatePolicies {
    private final JsonNode resources;

    public TemplatePolicies() {
        try {
            resources = new ObjectMapper(new YAMLFactory()).readTree(new File("template.yaml")).path("Resources");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The actions a function's statements allow on {@code resource} (a table's logical id, or the index's text). */
    public Set<String> actionsOn(String function, String resource) {
        String arn = resource.startsWith("$") || resource.endsWith(".Arn") ? resource : resource + ".Arn";
        Set<String> actions = new HashSet<>();
        for (JsonNode policy : resources.path(function).path("Properties").path("Policies")) {
            for (JsonNode st : policy.path("Statement")) {
                JsonNode res = st.path("Resource");
                boolean hit = res.asText().equals(arn);
                for (JsonNode r : res) {
                    hit |= r.asText().equals(arn);
                }
                if (hit && "Allow".equals(st.path("Effect").asText())) {
                    JsonNode action = st.path("Action");
                    if (action.isTextual()) {
                        actions.add(action.asText()); // Action: dynamodb:GetItem, without the list
                    }
                    action.forEach(a -> actions.add(a.asText()));
                }
            }
        }
        return actions;
    }

    /** Every resource the function's statements grant DynamoDB actions on, written as {@link #actionsOn} takes it. */
    public Set<String> dynamoDbResourcesOf(String function) {
        Set<String> out = new TreeSet<>();
        for (JsonNode policy : resources.path(function).path("Properties").path("Policies")) {
            for (JsonNode st : policy.path("Statement")) {
                boolean dynamo = false;
                for (JsonNode a : st.path("Action")) {
                    dynamo |= a.asText().startsWith("dynamodb:");
                }
                dynamo |= st.path("Action").asText().startsWith("dynamodb:");
                if (!dynamo) {
                    continue;
                }
                JsonNode res = st.path("Resource");
                if (res.isArray()) {
                    res.forEach(r -> out.add(r.asText()));
                } else {
                    out.add(res.asText());
                }
            }
        }
        return out;
    }

    /** Fails unless the function's policy allows all of {@code needed} ({@link IamActionRecorder}). */
    public void assertGranted(String function, Set<String> needed) {
        Set<String> missing = notAllowed(function, needed);
        if (!missing.isEmpty()) {
            throw new AssertionError(function + " needs " + missing + " but template.yaml does not grant them; it needed "
                    + needed);
        }
    }

    /** Of {@code needed} ({@link IamActionRecorder}), what the function's policy does not allow. */
    public Set<String> notAllowed(String function, Set<String> needed) {
        Set<String> missing = new TreeSet<>();
        for (String n : needed) {
            String action = n.substring(0, n.indexOf(" on "));
            String resource = n.substring(n.indexOf(" on ") + 4);
            if (!actionsOn(function, resource).contains(action)) {
                missing.add(n);
            }
        }
        return missing;
    }
}
