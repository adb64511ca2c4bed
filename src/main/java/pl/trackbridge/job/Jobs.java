package pl.trackbridge.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The scheduled jobs by name, for {@code POST /jobs/{job}} in the local runtime (in AWS, EventBridge invokes
 * each job's Lambda function). Each job returns its summary as JSON.
 */
public final class Jobs {
    private final Map<String, Supplier<JsonNode>> jobs;

    public Jobs(Map<String, Supplier<JsonNode>> jobs) {
        this.jobs = new TreeMap<>(jobs);
    }

    public static Jobs none() {
        return new Jobs(Map.of());
    }

    public Set<String> names() {
        return jobs.keySet();
    }

    /** Runs the job now; empty when there is no such job. */
    public Optional<JsonNode> run(String name) {
        Supplier<JsonNode> job = jobs.get(name);
        return job == null ? Optional.empty() : Optional.of(job.get());
    }
}
