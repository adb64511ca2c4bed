package pl.trackbridge.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.funqy.Funq;
import java.io.File;
import java.io.FileInputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pl.trackbridge.function.HttpFunctions;
import pl.trackbridge.local.TemplateResources;

/**
 * template.yaml tested, not only linted: what the code relies on is there, and the operational basics
 * (retention, recovery, dead letters, least privilege) hold for every resource.
 */
class TemplateTest {
    private final JsonNode root = read();
    private final JsonNode resources = root.path("Resources");

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(new File("template.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> ofType(String type) {
        return TemplateResources.read(java.nio.file.Path.of("template.yaml")).logicalIds(type);
    }

    @Test
    void everyFunctionIsNativeExportsAFunqyFunctionAndLogsWithRetention() {
        Set<String> funqs = new HashSet<>();
        for (Method m : concat(concat(HttpFunctions.class.getMethods(), pl.trackbridge.function.JobFunctions.class.getMethods()),
                pl.trackbridge.function.ForwarderFunction.class.getMethods())) {
            Funq f = m.getAnnotation(Funq.class);
            if (f != null) {
                funqs.add(f.value());
            }
        }
        assertEquals("provided.al2023", root.path("Globals").path("Function").path("Runtime").asText());
        List<String> functions = ofType("AWS::Serverless::Function");
        assertFalse(functions.isEmpty());
        Set<String> exported = new HashSet<>();
        for (String id : functions) {
            JsonNode p = resources.path(id).path("Properties");
            String export = p.path("Environment").path("Variables").path("QUARKUS_FUNQY_EXPORT").asText();
            assertTrue(funqs.contains(export), id + " exports '" + export + "', not one of " + funqs);
            exported.add(export);
            String logGroup = p.path("LoggingConfig").path("LogGroup").asText();
            assertEquals("AWS::Logs::LogGroup", resources.path(logGroup).path("Type").asText(), id + " log group");
            assertFalse(resources.path(logGroup).path("Properties").path("RetentionInDays").isMissingNode(), logGroup);
            assertLeastPrivilege(id, p.path("Policies"));
        }
        assertEquals(funqs, exported, "every Funqy function is deployed");
    }

    private static void assertLeastPrivilege(String id, JsonNode policies) {
        assertTrue(policies.isArray() && !policies.isEmpty(), id + " has its own policy");
        for (JsonNode policy : policies) {
            assertTrue(policy.has("Statement"), id + ": inline statements only, no broad managed policies");
            for (JsonNode st : policy.path("Statement")) {
                st.path("Action").forEach(a -> assertFalse(a.asText().endsWith("*"), id + " action " + a));
                assertFalse(st.path("Resource").asText().equals("*"), id + " resource *");
            }
        }
    }

    @Test
    void tablesAreOnDemandRecoverableAndEncrypted() {
        for (String id : ofType("AWS::DynamoDB::Table")) {
            JsonNode p = resources.path(id).path("Properties");
            assertEquals("PAY_PER_REQUEST", p.path("BillingMode").asText(), id);
            assertTrue(p.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean(), id);
            assertTrue(p.path("SSESpecification").path("SSEEnabled").asBoolean(), id);
        }
        JsonNode ttl = resources.path("WebhookInboxTable").path("Properties").path("TimeToLiveSpecification");
        assertEquals("expiresAt", ttl.path("AttributeName").asText(), "the attribute DynamoDbTrackingStore writes");
        assertTrue(ttl.path("Enabled").asBoolean());
    }

    @Test
    void everyConfiguredTableIsWiredToATemplateTable() throws Exception {
        Properties props = new Properties();
        try (FileInputStream in = new FileInputStream("src/main/resources/application.properties")) {
            props.load(in);
        }
        JsonNode env = root.path("Globals").path("Function").path("Environment").path("Variables");
        List<String> tables = ofType("AWS::DynamoDB::Table");
        List<String> keys = new ArrayList<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("trackbridge.tables.")) {
                keys.add(key);
                String envName = key.toUpperCase().replace('.', '_').replace('-', '_');
                String ref = env.path(envName).asText();
                assertTrue(tables.contains(ref), envName + " must !Ref a table, was '" + ref + "'");
                // locally the table is created under its logical id, which is the default name
                assertEquals(ref, props.getProperty(key), key);
            }
        }
        assertEquals(tables.size(), keys.size(), "one configured name per table");
    }

    @Test
    void forwardingQueueHasADeadLetterQueueWatchedByAnAlarm() {
        JsonNode redrive = resources.path("ForwardingQueue").path("Properties").path("RedrivePolicy");
        // YAML tags read as their plain values: !GetAtt X.Arn reads "X.Arn"
        assertEquals("ForwardingDeadLetterQueue.Arn", redrive.path("deadLetterTargetArn").asText());
        assertEquals("AWS::SQS::Queue", resources.path("ForwardingDeadLetterQueue").path("Type").asText());
        boolean watched = false;
        for (String id : ofType("AWS::CloudWatch::Alarm")) {
            JsonNode p = resources.path(id).path("Properties");
            for (JsonNode d : p.path("Dimensions")) {
                if (d.path("Value").toString().contains("ForwardingDeadLetterQueue")) {
                    watched = true;
                    assertEquals("AlertTopic", p.path("AlarmActions").get(0).asText());
                }
            }
        }
        assertTrue(watched, "an alarm watches the dead-letter queue");
    }

    @Test
    void theForwarderReportsPartialBatchFailuresAndOutlastsNoVisibilityTimeout() {
        JsonNode f = resources.path("TrackingForwarderFunction").path("Properties");
        JsonNode queue = f.path("Events").path("Queue").path("Properties");
        assertEquals("ForwardingQueue.Arn", queue.path("Queue").asText());
        assertEquals("ReportBatchItemFailures", queue.path("FunctionResponseTypes").get(0).asText());
        int timeout = f.path("Timeout").asInt();
        int visibility = resources.path("ForwardingQueue").path("Properties").path("VisibilityTimeout").asInt();
        assertTrue(visibility >= timeout, "a message must not reappear while its function still runs");
    }

    @Test
    void operatorRoutesNeedIamWhileWebhooksArePublic() {
        for (Map.Entry<String, JsonNode> e : iterable(resources.path("ShipmentApiFunction").path("Properties").path("Events"))) {
            assertEquals("AWS_IAM", e.getValue().path("Properties").path("Auth").path("Authorizer").asText(), e.getKey());
        }
        for (Map.Entry<String, JsonNode> e : iterable(resources.path("CarrierWebhookFunction").path("Properties").path("Events"))) {
            assertTrue(e.getValue().path("Properties").path("Path").asText().startsWith("/webhooks/"), e.getKey());
        }
    }

    @Test
    void everyFunctionAndTheDeadLetterQueueAlarmToTheEncryptedAlertTopic() {
        Set<String> watched = new HashSet<>();
        for (String id : ofType("AWS::CloudWatch::Alarm")) {
            JsonNode p = resources.path(id).path("Properties");
            assertEquals("AlertTopic", p.path("AlarmActions").get(0).asText(), id + " notifies the alert topic");
            if (p.path("MetricName").asText().equals("Errors")) {
                p.path("Dimensions").forEach(d -> watched.add(d.path("Value").asText()));
            }
        }
        for (String function : ofType("AWS::Serverless::Function")) {
            assertTrue(watched.contains(function), function + " has an Errors alarm");
        }
        JsonNode topic = resources.path("AlertTopic").path("Properties");
        // a customer key: CloudWatch alarms cannot publish to a topic under the AWS-managed alias/aws/sns
        assertEquals("AlertTopicKey.Arn", topic.path("KmsMasterKeyId").asText());
        JsonNode key = resources.path("AlertTopicKey").path("Properties");
        assertTrue(key.path("EnableKeyRotation").asBoolean());
        boolean cloudWatchMayUseIt = false;
        for (JsonNode st : key.path("KeyPolicy").path("Statement")) {
            if (st.path("Principal").path("Service").asText().equals("cloudwatch.amazonaws.com")) {
                cloudWatchMayUseIt = st.path("Action").toString().contains("kms:GenerateDataKey");
            }
        }
        assertTrue(cloudWatchMayUseIt);
        JsonNode email = resources.path("AlertEmailSubscription");
        assertEquals("HasAlarmEmail", email.path("Condition").asText(), "an e-mail subscription only when an address is given");
        assertEquals("email", email.path("Properties").path("Protocol").asText());
        assertEquals("AlarmEmail", email.path("Properties").path("Endpoint").asText());
        assertEquals("", root.path("Parameters").path("AlarmEmail").path("Default").asText());
    }

    @Test
    void thresholdAlertsRunEveryFiveMinutesAndMayOnlyReadWhatTheyCheckAndPublishToTheTopic() {
        JsonNode f = resources.path("ThresholdAlertsFunction").path("Properties");
        assertEquals("threshold-alerts", f.path("Environment").path("Variables").path("QUARKUS_FUNQY_EXPORT").asText());
        assertEquals("AlertTopic", f.path("Environment").path("Variables").path("TRACKBRIDGE_ALERTS_TOPIC_ARN").asText());
        assertEquals("rate(5 minutes)", f.path("Events").path("EveryFiveMinutes").path("Properties").path("ScheduleExpression").asText());
        Set<String> resourcesGranted = new HashSet<>();
        for (JsonNode st : f.path("Policies").get(0).path("Statement")) {
            List<String> actions = new ArrayList<>();
            st.path("Action").forEach(a -> actions.add(a.asText()));
            for (String a : actions) {
                assertTrue(a.startsWith("dynamodb:") || a.equals("sns:Publish") || a.startsWith("kms:"), a);
                assertFalse(List.of("dynamodb:DeleteItem", "dynamodb:Scan").contains(a), "alerts never scan or delete: " + a);
            }
            if (actions.contains("sns:Publish")) {
                assertEquals("AlertTopic", st.path("Resource").asText(), "publish to the alert topic only");
            }
            if (actions.contains("dynamodb:PutItem") || actions.contains("dynamodb:UpdateItem")) {
                // alerts and the orders-checked cursor (SharedCallsPolicyTest holds the cursor's UpdateItem to this)
                st.path("Resource").forEach(r -> assertTrue(r.asText().contains("AlertsTable"), "writes only alerts: " + r));
            }
            JsonNode r = st.path("Resource");
            if (r.isArray()) {
                r.forEach(x -> resourcesGranted.add(x.asText()));
            } else {
                resourcesGranted.add(r.asText());
            }
        }
        // every index the alert reads use exists on its table and is granted
        Map<String, List<String>> indexes = Map.of("AlertsTable", List.of("OpenAlerts"),
                "OrdersTable", List.of("ByDispatchDeadline"),
                "ForwardsTable", List.of("ByOrder", "NeedsAttention"),
                "ShipmentsTable", List.of("ByOrder", "SilentSince", "DeliveryExceptions"));
        indexes.forEach((table, names) -> {
            List<String> declared = new ArrayList<>();
            resources.path(table).path("Properties").path("GlobalSecondaryIndexes").forEach(g -> declared.add(g.path("IndexName").asText()));
            for (String name : names) {
                assertTrue(declared.contains(name), table + " declares " + name);
                assertTrue(resourcesGranted.contains("${" + table + ".Arn}/index/" + name), "granted " + table + "/" + name);
            }
        });
    }

    @Test
    void thePollerAndTheReconciliationRunOnTheirSchedulesWithAlarmsAndReadOnlyTheirIndexes() {
        JsonNode poller = resources.path("TrackingPollerFunction").path("Properties");
        assertEquals("rate(15 minutes)", poller.path("Events").path("Every15Minutes").path("Properties")
                .path("ScheduleExpression").asText());
        JsonNode daily = resources.path("ReconciliationFunction").path("Properties").path("Events").path("Daily").path("Properties");
        assertTrue(daily.path("ScheduleExpression").asText().startsWith("cron("), daily.toString());
        for (String fn : List.of("TrackingPollerFunction", "ReconciliationFunction")) {
            boolean alarmed = false;
            for (Map.Entry<String, JsonNode> r : iterable(resources)) {
                JsonNode p = r.getValue().path("Properties");
                if (r.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")
                        && p.path("Dimensions").path(0).path("Value").asText().equals(fn)) {
                    alarmed = p.path("AlarmActions").get(0).asText().equals("AlertTopic");
                }
            }
            assertTrue(alarmed, fn + " has an errors alarm to the alert topic");
        }
        JsonNode due = resources.path("PollScheduleTable").path("Properties").path("GlobalSecondaryIndexes").get(0);
        assertEquals("ByNextPoll", due.path("IndexName").asText());
        assertEquals("pollShard", due.path("KeySchema").get(0).path("AttributeName").asText());
        assertEquals("nextPollAt", due.path("KeySchema").get(1).path("AttributeName").asText());
        JsonNode byOrder = resources.path("ForwardsTable").path("Properties").path("GlobalSecondaryIndexes").get(0);
        assertEquals("ByOrder", byOrder.path("IndexName").asText());
        assertTrue(poller.path("Policies").toString().contains("PollScheduleTable.Arn}/index/ByNextPoll"));
        String reconciliation = resources.path("ReconciliationFunction").path("Properties").path("Policies").toString();
        assertTrue(reconciliation.contains("ForwardsTable.Arn}/index/ByOrder"));
        assertTrue(reconciliation.contains("OrdersTable.Arn}/index/ByDispatchDeadline"));
        // ingest and registration keep the schedule in step with the state: they may update it (ingest reads it first,
        // to leave a schedule that is postponed enough alone), nothing more
        Map<String, String> scheduleActions = Map.of("CarrierWebhookFunction", "[\"dynamodb:GetItem\",\"dynamodb:UpdateItem\"]",
                "ShipmentApiFunction", "[\"dynamodb:UpdateItem\"]");
        scheduleActions.forEach((fn, actions) -> {
            boolean grants = false;
            for (JsonNode st : resources.path(fn).path("Properties").path("Policies").get(0).path("Statement")) {
                if (st.path("Resource").asText().equals("PollScheduleTable.Arn")) {
                    assertEquals(actions, st.path("Action").toString(), fn);
                    grants = true;
                }
            }
            assertTrue(grants, fn + " may update the poll schedule");
        });
    }

    @Test
    void indexesOfOftenRewrittenItemsProjectKeysOnlyAndTheirReadersMayReadTheItemsByKey() {
        // an index projecting ALL is rewritten with every change of its item: these items change with every claim,
        // record, event or poll, so their indexes hold keys only and the readers fetch the few candidates by key
        Map<String, List<String>> keysOnly = Map.of("ForwardsTable", List.of("ByOrder", "NeedsAttention"),
                "ShipmentsTable", List.of("ByOrder"), "PollScheduleTable", List.of("ByNextPoll"));
        Map<String, JsonNode> shipmentIndexes = new java.util.HashMap<>();
        resources.path("ShipmentsTable").path("Properties").path("GlobalSecondaryIndexes")
                .forEach(g -> shipmentIndexes.put(g.path("IndexName").asText(), g.path("Projection")));
        keysOnly.forEach((table, names) -> {
            Map<String, String> projection = new java.util.HashMap<>();
            resources.path(table).path("Properties").path("GlobalSecondaryIndexes").forEach(g ->
                    projection.put(g.path("IndexName").asText(), g.path("Projection").path("ProjectionType").asText()));
            for (String name : names) {
                assertEquals("KEYS_ONLY", projection.get(name), table + "/" + name);
            }
        });
        // the alert marker indexes move with every event anyway: they carry just what the alert reads, never ALL
        for (String name : List.of("SilentSince", "DeliveryExceptions")) {
            JsonNode p = shipmentIndexes.get(name);
            assertEquals("INCLUDE", p.path("ProjectionType").asText(), name);
            List<String> included = new ArrayList<>();
            p.path("NonKeyAttributes").forEach(a -> included.add(a.asText()));
            assertTrue(included.containsAll(List.of("orderId", "carrierId", "status", "reason", "flag", "terminal", "firstScanAt")),
                    name + " " + included);
            assertTrue(included.size() <= 8, name + " stays short: " + included);
        }
        Map<String, List<String>> batchReads = Map.of("ThresholdAlertsFunction", List.of("ForwardsTable.Arn"),
                "ReconciliationFunction", List.of("ForwardsTable.Arn"),
                "TrackingPollerFunction", List.of("PollScheduleTable.Arn"));
        batchReads.forEach((fn, tables) -> {
            List<String> granted = new ArrayList<>();
            for (JsonNode st : resources.path(fn).path("Properties").path("Policies").get(0).path("Statement")) {
                if (st.path("Action").toString().contains("dynamodb:BatchGetItem")) {
                    JsonNode r = st.path("Resource");
                    if (r.isArray()) {
                        r.forEach(x -> granted.add(x.asText()));
                    } else {
                        granted.add(r.asText());
                    }
                }
            }
            assertEquals(new java.util.TreeSet<>(tables), new java.util.TreeSet<>(granted), fn + " reads by key exactly these");
        });
    }

    @Test
    void kpiRollupRunsEveryQuarterHourWhichIsJustAfterMidnightInEveryZoneWithAnAlarm() {
        JsonNode f = resources.path("KpiRollupFunction").path("Properties");
        assertEquals("kpi-rollup", f.path("Environment").path("Variables").path("QUARKUS_FUNQY_EXPORT").asText());
        JsonNode events = f.path("Events");
        assertEquals(1, events.size(), "one schedule serves every zone");
        JsonNode every = events.path("EveryQuarterHour").path("Properties");
        assertEquals("cron(5/15 * * * ? *)", every.path("ScheduleExpression").asText());
        assertTrue(every.path("ScheduleExpressionTimezone").isMissingNode(), "in UTC");
        // ...which is 00:05 local time in every zone the JVM knows, in winter and in summer: each account's day
        // gets its final pass five minutes after it ends, wherever the seller is
        for (String id : java.time.ZoneId.getAvailableZoneIds()) {
            java.time.ZoneId zone = java.time.ZoneId.of(id);
            for (String date : java.util.List.of("2026-01-15", "2026-07-15")) {
                java.time.ZonedDateTime localFive = java.time.LocalDate.parse(date).atTime(0, 5).atZone(zone);
                int utcMinute = localFive.withZoneSameInstant(java.time.ZoneOffset.UTC).getMinute();
                assertEquals(5, utcMinute % 15, id + " on " + date + ": 00:05 local is not a run time");
            }
        }
        // the budget leaves the function time to stop cleanly (resumable: the change sets not completed are the next run's work)
        int timeout = f.path("Timeout").asInt();
        String budget = f.path("Environment").path("Variables").path("TRACKBRIDGE_JOBS_KPI_ROLLUP_BUDGET").asText();
        assertTrue(Integer.parseInt(budget.replace("s", "")) < timeout, budget + " within " + timeout + " s");
        boolean alarmed = false;
        for (String id : ofType("AWS::CloudWatch::Alarm")) {
            JsonNode p = resources.path(id).path("Properties");
            for (JsonNode d : p.path("Dimensions")) {
                alarmed |= "KpiRollupFunction".equals(d.path("Value").asText());
            }
        }
        assertTrue(alarmed, "an alarm watches kpi-rollup's errors");
    }

    @Test
    void everyWriterOfAKpiInputMayCopyItToTheOrdersKpiItemAndOnlyTheRollUpTouchesCells() {
        // the stores copy KPI inputs to the order's KPI item in the same transaction as the order / registration /
        // outcome / shipment write (the poller appends events; reconciliation adopts waybills and records forwards)
        for (String id : List.of("CarrierWebhookFunction", "ShipmentApiFunction", "OrderSyncFunction", "TrackingForwarderFunction",
                "TrackingPollerFunction", "ReconciliationFunction")) {
            assertTrue(actionsOn(id, "KpiTable").contains("dynamodb:UpdateItem"), id + " copies KPI inputs");
            assertFalse(actionsOn(id, "KpiTable").contains("dynamodb:DeleteItem"), id + " deletes nothing there");
        }
        // each marks the order changed (PutItem) and checks the change set is still open (ConditionCheckItem; GetItem
        // reads its number); a tracking append also reads the waybill's link and checks that it did not move
        for (String id : List.of("CarrierWebhookFunction", "ShipmentApiFunction", "OrderSyncFunction", "TrackingForwarderFunction",
                "TrackingPollerFunction", "ReconciliationFunction")) {
            assertTrue(actionsOn(id, "KpiTable").containsAll(List.of("dynamodb:GetItem", "dynamodb:ConditionCheckItem",
                    "dynamodb:PutItem")), id);
        }
        Set<String> rollup = actionsOn("KpiRollupFunction", "KpiTable");
        // what it really calls is held against this policy by KpiRollupDynamoDbTest (IamActionRecorder)
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchGetItem",
                "dynamodb:PutItem", "dynamodb:ConditionCheckItem"), rollup, "change sets closed, marks read by page, order, applied and cell items read "
                + "by key, applied and cell items put back whole on their version, orders not applied marked again, never deleted");
        assertFalse(resources.path("KpiTable").path("Properties").has("GlobalSecondaryIndexes"), "every read is by key");
        assertEquals("expiresAt", resources.path("KpiTable").path("Properties").path("TimeToLiveSpecification")
                .path("AttributeName").asText(), "change marks expire");
        assertEquals(Set.of("dynamodb:BatchGetItem"), actionsOn("KpiRollupFunction", "ShipmentsTable"),
                "read-only, by key: shipments registered after their scans");
        for (String table : List.of("OrdersTable", "ForwardsTable")) {
            assertEquals(Set.of(), actionsOn("KpiRollupFunction", table), "their KPI inputs are copied: " + table);
        }
    }

    private final pl.trackbridge.testsupport.TemplatePolicies policies = new pl.trackbridge.testsupport.TemplatePolicies();

    private Set<String> actionsOn(String function, String table) {
        return policies.actionsOn(function, table);
    }

    @Test
    void theKpiDashboardShowsEveryKpiAgainstItsThresholds() throws Exception {
        JsonNode p = resources.path("KpiDashboard").path("Properties");
        assertEquals("AWS::CloudWatch::Dashboard", resources.path("KpiDashboard").path("Type").asText());
        JsonNode body = new ObjectMapper().readTree(p.path("DashboardBody").asText().replace("${AWS::Region}", "eu-central-1"));
        Map<String, JsonNode> byKpi = new java.util.HashMap<>();
        for (JsonNode w : body.path("widgets")) {
            String expr = w.path("properties").path("metrics").get(0).get(0).path("expression").asText();
            assertTrue(expr.contains("{" + pl.trackbridge.kpi.KpiMetrics.NAMESPACE + ",account,kpi}"), expr);
            for (pl.trackbridge.kpi.Kpi k : pl.trackbridge.kpi.Kpi.values()) {
                if (expr.contains("kpi=\"" + k.name() + "\"")) {
                    byKpi.put(k.name(), w);
                }
            }
        }
        assertEquals(pl.trackbridge.kpi.Kpi.values().length, byKpi.size(), "one graph per KPI");
        for (pl.trackbridge.kpi.Kpi k : pl.trackbridge.kpi.Kpi.values()) {
            JsonNode lines = byKpi.get(k.name()).path("properties").path("annotations").path("horizontal");
            assertEquals(k.warn(), lines.get(0).path("value").asDouble(), k + " warn");
            assertEquals(k.breach(), lines.get(1).path("value").asDouble(), k + " breach");
        }
    }

    private static Method[] concat(Method[] a, Method[] b) {
        Method[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
