package pl.trackbridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Reads the DynamoDB tables and SQS queues declared in {@code template.yaml}. Locally each resource is
 * created under its logical id (e.g. {@code ShipmentsTable}); the YAML tags ({@code !Ref}, {@code !Sub})
 * read as their plain values, which is all the key schemas need.
 */
public final class TemplateResources {
    private final JsonNode resources;

    private TemplateResources(JsonNode resources) {
        this.resources = resources;
    }

    public static TemplateResources read(Path template) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(template.toFile());
            return new TemplateResources(root.path("Resources"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template.toAbsolutePath(), e);
        }
    }

    /** Logical ids of the resources of a type, in template order. */
    public List<String> logicalIds(String type) {
        List<String> ids = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            if (type.equals(r.getValue().path("Type").asText())) {
                ids.add(r.getKey());
            }
        }
        return ids;
    }

    public CreateTableRequest createTableRequest(String logicalId) {
        JsonNode p = resources.path(logicalId).path("Properties");
        List<AttributeDefinition> attributes = new ArrayList<>();
        p.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText()).attributeType(a.path("AttributeType").asText()).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        p.path("GlobalSecondaryIndexes").forEach(g -> indexes.add(GlobalSecondaryIndex.builder()
                .indexName(g.path("IndexName").asText())
                .keySchema(keySchema(g.path("KeySchema")))
                .projection(Projection.builder().projectionType(g.path("Projection").path("ProjectionType").asText("ALL"))
                        .nonKeyAttributes(texts(g.path("Projection").path("NonKeyAttributes"))).build())
                .build()));
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(logicalId)
                .attributeDefinitions(attributes).keySchema(keySchema(p.path("KeySchema")))
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (!indexes.isEmpty()) {
            b.globalSecondaryIndexes(indexes);
        }
        return b.build();
    }

    public void createTables(DynamoDbClient dynamo) {
        for (String id : logicalIds("AWS::DynamoDB::Table")) {
            try {
                dynamo.createTable(createTableRequest(id));
            } catch (ResourceInUseException exists) {
                // already there (shared in-memory database): fine
            }
        }
    }

    public void createQueues(SqsClient sqs) {
        for (String id : logicalIds("AWS::SQS::Queue")) {
            sqs.createQueue(b -> b.queueName(id));
        }
    }

    private static List<KeySchemaElement> keySchema(JsonNode keys) {
        List<KeySchemaElement> out = new ArrayList<>();
        keys.forEach(k -> out.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out.isEmpty() ? null : out;
    }
}
