package com.microenv.deploychecks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes/monitoring: rendered by kubectl kustomize, parsed strictly into fabric8's Prometheus Operator
 * models (openshift-model-monitoring), alerts well-formed and using only meters the gateway documents, scrape
 * targets that exist and that the NetworkPolicies let Prometheus reach.
 */
class MonitoringTest {

    static Rendered monitoring() {
        return new Rendered("monitoring", Kustomize.render(Repository.path("deploy/kubernetes/monitoring")));
    }

    @Test
    void everyObjectParsesIntoItsModel() {
        List<String> problems = new ArrayList<>();
        for (ObjectNode document : monitoring().documents()) {
            problems.addAll(StrictModels.problems(document));
        }
        assertThat(problems).as(StrictModels.describe(problems)).isEmpty();
        assertThat(monitoring().ofKind("PrometheusRule")).hasSize(1);
    }

    @Test
    void everyAlertHasASeverityASummaryAndOnlyDocumentedGatewayMeters() throws IOException {
        PrometheusRule rule = monitoring().typed("PrometheusRule", "microenv", PrometheusRule.class);
        Set<String> documented = documentedGatewayMeters();
        assertThat(documented).as("docs/gateway.md lists the gateway's meters").isNotEmpty();
        Pattern meter = Pattern.compile("\\b(microenv_gateway_[a-z_]+)");
        List<String> problems = new ArrayList<>();
        int alerts = 0;
        for (RuleGroup group : rule.getSpec().getGroups()) {
            for (Rule r : group.getRules()) {
                String expr = r.getExpr().getStrVal() != null ? r.getExpr().getStrVal() : String.valueOf(r.getExpr().getIntVal());
                String name = r.getAlert() != null ? r.getAlert() : r.getRecord();
                if (!balanced(expr)) {
                    problems.add(name + ": unbalanced brackets in " + expr);
                }
                Matcher m = meter.matcher(expr);
                while (m.find()) {
                    String base = m.group(1).replaceFirst("_(bucket|count|sum)$", "");
                    if (!documented.contains(base)) {
                        problems.add(name + ": " + m.group(1) + " is no meter docs/gateway.md lists");
                    }
                }
                if (r.getAlert() != null) {
                    alerts++;
                    assertThat(r.getRecord()).as(name).isNull();
                    assertThat(r.getLabels()).as(name + " severity").containsKey("severity");
                    assertThat(r.getLabels().get("severity")).as(name).isIn("critical", "warning", "info");
                    assertThat(r.getAnnotations()).as(name + " summary").containsKey("summary");
                    assertThat(r.getAlert()).as(name).startsWith("MicroENV");
                } else {
                    assertThat(r.getRecord()).as("a rule is an alert or a recording rule").matches("[a-z_]+:[a-z_]+:[a-z0-9_]+");
                }
            }
        }
        assertThat(alerts).isGreaterThanOrEqualTo(10);
        assertThat(problems).as(StrictModels.describe(problems)).isEmpty();
    }

    @Test
    void theGatewaysMetricsPortIsScrapedAndReachable() {
        Rendered monitoring = monitoring();
        Rendered production = Rendered.overlay("production");
        Deployment gateway = production.typed("Deployment", "gateway", Deployment.class);
        PodMonitor monitor = monitoring.typed("PodMonitor", "gateway", PodMonitor.class);
        assertThat(gateway.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        String portName = monitor.getSpec().getPodMetricsEndpoints().get(0).getPort();
        ContainerPort port = gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .filter(p -> p.getName().equals(portName)).findFirst()
                .orElseThrow(() -> new AssertionError("the gateway container has no port " + portName));
        assertThat(PlatformInvariantsTest.environment(production, "gateway"))
                .as("the gateway's management interface listens on the scraped port")
                .containsEntry("MICROENV_GATEWAY_MGMT_PORT", String.valueOf(port.getContainerPort()));
        NetworkPolicy scrape = monitoring.typed("NetworkPolicy", "prometheus-scrape-gateway", NetworkPolicy.class);
        assertThat(scrape.getSpec().getPodSelector().getMatchLabels()).isEqualTo(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(scrape.getSpec().getIngress().get(0).getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsExactly(port.getContainerPort());
        // The public Service and the Ingress never carry the management port.
        var service = production.typed("Service", "gateway", io.fabric8.kubernetes.api.model.Service.class);
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getTargetPort().getStrVal()).containsExactly("http");
    }

    static Set<String> documentedGatewayMeters() throws IOException {
        String docs = Files.readString(Repository.path("docs/gateway.md"));
        Matcher m = Pattern.compile("`(microenv_gateway_[a-z_]+)`").matcher(docs);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names.stream().collect(Collectors.toCollection(TreeSet::new));
    }

    static boolean balanced(String expr) {
        int round = 0;
        int curly = 0;
        int square = 0;
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (quoted) {
                continue;
            }
            switch (c) {
                case '(' -> round++;
                case ')' -> round--;
                case '{' -> curly++;
                case '}' -> curly--;
                case '[' -> square++;
                case ']' -> square--;
                default -> { }
            }
            if (round < 0 || curly < 0 || square < 0) {
                return false;
            }
        }
        return round == 0 && curly == 0 && square == 0 && !quoted;
    }
}
