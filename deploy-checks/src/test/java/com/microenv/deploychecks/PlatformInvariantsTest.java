package com.microenv.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's invariants, on every rendered overlay. */
class PlatformInvariantsTest {

    static final List<String> OVERLAYS = Repository.OVERLAYS;

    /** The KafkaUser of each service (Strimzi names its Secret the same). */
    static String kafkaUser(String service) {
        return "microenv-" + service;
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceRunsAsAHardenedDeploymentWithProbesAndResources(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertThat(rendered.ofKind("Deployment")).extracting(Rendered::name)
                .containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
        for (String service : Repository.SERVICES) {
            Deployment deployment = rendered.typed("Deployment", service, Deployment.class);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String at = overlay + " Deployment " + service + ": ";
            assertThat(pod.getAutomountServiceAccountToken()).as(at + "automountServiceAccountToken").isFalse();
            assertThat(pod.getServiceAccountName()).as(at + "own ServiceAccount").isEqualTo(service);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(at + "runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(at + "runAsUser").isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(at + "seccomp").isEqualTo("RuntimeDefault");
            assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
                    .as(at + "spread across zones and nodes")
                    .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
            assertThat(pod.getContainers()).as(at + "one container").hasSize(1);
            Container container = pod.getContainers().get(0);
            assertThat(container.getStartupProbe()).as(at + "startup probe").isNotNull();
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(container.getLivenessProbe()).as(at + "liveness probe").isNotNull();
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe()).as(at + "readiness probe").isNotNull();
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getResources().getRequests()).as(at + "requests").containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(at + "limits").containsKeys("cpu", "memory");
            var security = container.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).as(at + "readOnlyRootFilesystem").isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(at + "allowPrivilegeEscalation").isFalse();
            assertThat(security.getCapabilities().getDrop()).as(at + "capabilities").containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).as(at + "no added capabilities").isNullOrEmpty();
            VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow(() -> new AssertionError(at + "no writable /tmp"));
            Volume tmpVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst()
                    .orElseThrow();
            assertThat(tmpVolume.getEmptyDir()).as(at + "/tmp is an emptyDir").isNotNull();
        }
    }

    /**
     * Memory limits match the measured resident memory (deploy-checks/src/test/resources/measured-rss.properties:
     * the peak VmHWM of each packaged service under load with the cluster's JVM options, docs/operations.md
     * "Memory") with a quarter of headroom, and the JVM's own bounds fit: heap + metaspace + ~100 MiB (code cache,
     * threads, direct buffers, the JVM itself) within the limit. Requests equal limits (no overcommit of memory).
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theHeapIsSetToFitTheMemoryLimit(String overlay) throws java.io.IOException {
        Rendered rendered = Rendered.overlay(overlay);
        java.util.Properties measured = new java.util.Properties();
        try (var in = PlatformInvariantsTest.class.getResourceAsStream("/measured-rss.properties")) {
            measured.load(in);
        }
        for (String service : Repository.SERVICES) {
            Map<String, String> env = environment(rendered, service);
            String javaOpts = env.get("JAVA_OPTS");
            assertThat(javaOpts).as(service + " JAVA_OPTS").contains("-Xmx").contains("-XX:MaxMetaspaceSize=");
            long heap = megabytes(javaOpts, "-Xmx");
            long metaspace = megabytes(javaOpts, "-XX:MaxMetaspaceSize=");
            Container container = container(rendered, service);
            long limit = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue() >> 20;
            long request = Quantity.getAmountInBytes(container.getResources().getRequests().get("memory")).longValue() >> 20;
            assertThat(heap + metaspace + 100).as(overlay + " " + service + ": heap + metaspace + JVM overhead within the limit")
                    .isLessThanOrEqualTo(limit);
            String peak = measured.getProperty(service + ".peak-rss-mib");
            assertThat(peak).as(service + ": a measured peak RSS in measured-rss.properties").isNotNull();
            assertThat(limit).as(overlay + " " + service + ": limit >= measured peak RSS " + peak + " MiB + 25 %")
                    .isGreaterThanOrEqualTo(Math.round(Long.parseLong(peak.trim()) * 1.25));
            assertThat(measured.getProperty("java-opts")).as("measured with the JAVA_OPTS the cluster uses")
                    .isEqualTo(javaOpts);
            assertThat(request).as(overlay + " " + service + ": memory request = limit (no overcommit of memory)")
                    .isEqualTo(limit);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceHasAServiceAPdbAnHpaAndANetworkPolicy(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        for (String service : Repository.SERVICES) {
            Map<String, String> podLabels = rendered.typed("Deployment", service, Deployment.class)
                    .getSpec().getTemplate().getMetadata().getLabels();
            var svc = rendered.typed("Service", service, io.fabric8.kubernetes.api.model.Service.class);
            assertThat(podLabels).as(overlay + " Service " + service + " selects its pods")
                    .containsAllEntriesOf(svc.getSpec().getSelector());
            PodDisruptionBudget pdb = rendered.typed("PodDisruptionBudget", service, PodDisruptionBudget.class);
            assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
            HorizontalPodAutoscaler hpa = rendered.typed("HorizontalPodAutoscaler", service, HorizontalPodAutoscaler.class);
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(service);
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            NetworkPolicy policy = rendered.typed("NetworkPolicy", service, NetworkPolicy.class);
            assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getEgress()).as(overlay + " " + service + " may resolve names")
                    .anySatisfy(rule -> assertThat(isDns(rule)).isTrue());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void trafficIsDeniedByDefaultAndOnlyTheGatewayTakesItFromTheIngressController(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        NetworkPolicy denyIngress = rendered.typed("NetworkPolicy", "default-deny-ingress", NetworkPolicy.class);
        assertThat(denyIngress.getSpec().getPodSelector().getMatchLabels()).as("every pod").isNullOrEmpty();
        assertThat(denyIngress.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(denyIngress.getSpec().getIngress()).isNullOrEmpty();
        NetworkPolicy denyEgress = rendered.typed("NetworkPolicy", "default-deny-egress", NetworkPolicy.class);
        assertThat(denyEgress.getSpec().getEgress()).isNullOrEmpty();
        for (String service : Repository.SERVICES) {
            Map<String, String> labels = rendered.typed("Deployment", service, Deployment.class)
                    .getSpec().getTemplate().getMetadata().getLabels();
            assertThat(labels).as(service + " is under the default egress deny")
                    .containsAllEntriesOf(denyEgress.getSpec().getPodSelector().getMatchLabels());
            NetworkPolicy policy = rendered.typed("NetworkPolicy", service, NetworkPolicy.class);
            List<NetworkPolicyPeer> peers = policy.getSpec().getIngress().stream()
                    .flatMap(rule -> rule.getFrom().stream()).collect(Collectors.toList());
            assertThat(peers).as(service + ": every ingress peer is named (no open rule)").isNotEmpty()
                    .allSatisfy(p -> assertThat(p.getPodSelector() != null || p.getNamespaceSelector() != null).isTrue());
            assertThat(peers).as(service + ": no ipBlock").allSatisfy(p -> assertThat(p.getIpBlock()).isNull());
            boolean fromOutside = peers.stream().anyMatch(p -> p.getNamespaceSelector() != null);
            assertThat(fromOutside).as(overlay + " " + service + " takes traffic from another namespace")
                    .isEqualTo(service.equals("gateway"));
            assertThat(policy.getSpec().getEgress()).as(service + ": egress only to named pods and DNS")
                    .allSatisfy(rule -> assertThat(rule.getTo()).isNotEmpty()
                            .allSatisfy(p -> assertThat(p.getIpBlock()).isNull()));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theGatewayIsServedThroughAnIngressWithTls(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Ingress ingress = rendered.typed("Ingress", "gateway", Ingress.class);
        Set<String> hosts = ingress.getSpec().getRules().stream().map(r -> r.getHost()).collect(Collectors.toSet());
        assertThat(ingress.getSpec().getTls()).isNotEmpty()
                .allSatisfy(tls -> assertThat(tls.getSecretName()).isNotBlank());
        Set<String> tlsHosts = ingress.getSpec().getTls().stream().flatMap(t -> t.getHosts().stream())
                .collect(Collectors.toSet());
        assertThat(tlsHosts).containsAll(hosts);
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths())
                .allSatisfy(path -> assertThat(path.getBackend().getService().getName()).isEqualTo("gateway")));
        String host = hosts.iterator().next();
        assertThat(environment(rendered, "auth-service").get("MICROENV_GATEWAY_URL"))
                .as(overlay + ": the device flow's verification_uri is on the Ingress host").isEqualTo("https://" + host);
        JsonNode dashboard = rendered.get("KeycloakRealmImport", "microenv-realm").path("spec").path("realm")
                .path("clients").get(0);
        assertThat(dashboard.path("clientId").asText()).isEqualTo("microenv-dashboard");
        assertThat(dashboard.path("redirectUris").toString()).as("dashboard redirects to the Ingress host")
                .contains("https://" + host + "/");
        String keycloakHost = rendered.get("Keycloak", "microenv-keycloak").path("spec").path("hostname")
                .path("hostname").asText();
        Ingress keycloak = rendered.typed("Ingress", "keycloak", Ingress.class);
        assertThat(keycloakHost).isEqualTo("https://" + keycloak.getSpec().getRules().get(0).getHost());
        assertThat(keycloak.getSpec().getTls()).isNotEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everySettingAServiceReadsWithoutADefaultIsProvided(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> missing = new ArrayList<>();
        for (String service : Repository.SERVICES) {
            Map<String, String> env = environment(rendered, service);
            ServiceSettings.requiredEnvironment(service).forEach((name, property) -> {
                if (!env.containsKey(name)) {
                    missing.add(service + ": " + name + " (for " + property + ")");
                }
            });
            assertThat(env).as(service + " reads its own port").containsKey(
                    "MICROENV_" + service.replace("-service", "").toUpperCase() + "_PORT");
        }
        assertThat(missing).as(overlay + ": not provided by the Deployment's env/envFrom:" + missing).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyTopicTheServicesUseHasAKafkaTopicAndEachServiceOnlyTheAclsItNeeds(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Set<String> declared = rendered.typedAll("KafkaTopic", KafkaTopic.class).stream()
                .map(t -> t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName())
                .collect(Collectors.toSet());
        TreeSet<String> used = new TreeSet<>(List.of("microenv.audit.v1", "microenv.credentials.v1",
                "microenv.audit-checkpoints.v1")); // DESIGN.md, "Kafka topics"
        Repository.SERVICES.forEach(s -> used.addAll(ServiceSettings.topics(s)));
        assertThat(declared).as(overlay + ": a KafkaTopic for every topic the services use").containsAll(used);
        for (String service : Repository.SERVICES) {
            KafkaUser user = rendered.typed("KafkaUser", kafkaUser(service), KafkaUser.class);
            assertThat(user.getSpec().getAuthentication().getType()).isIn("scram-sha-512", "tls");
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            for (String[] channel : ServiceSettings.channels(service).values()) {
                AclOperation needed = channel[0].equals("outgoing") ? AclOperation.WRITE : AclOperation.READ;
                assertThat(acls).as(service + " may " + needed + " " + channel[1]).anySatisfy(acl -> {
                    assertThat(acl.getResource()).isInstanceOf(AclRuleTopicResource.class);
                    assertThat(((AclRuleTopicResource) acl.getResource()).getName()).isEqualTo(channel[1]);
                    assertThat(acl.getOperations()).contains(needed);
                });
                if (channel[2] != null) {
                    assertThat(acls).as(service + " may read as group " + channel[2]).anySatisfy(acl -> {
                        assertThat(acl.getResource()).isInstanceOf(AclRuleGroupResource.class);
                        assertThat(((AclRuleGroupResource) acl.getResource()).getName()).isEqualTo(channel[2]);
                    });
                }
            }
            assertThat(acls).as(service + ": no wildcard or cluster-wide ACL").allSatisfy(acl -> {
                String name = acl.getResource() instanceof AclRuleTopicResource t ? t.getName()
                        : acl.getResource() instanceof AclRuleGroupResource g ? g.getName() : null;
                assertThat(name).as("resource " + acl.getResource()).isNotNull().isNotEqualTo("*");
                assertThat(acl.getOperations()).doesNotContain(AclOperation.ALL);
            });
            assertThat(environment(rendered, service)).as(service + " logs in as its KafkaUser")
                    .containsKey("KAFKA_SASL_JAAS_CONFIG");
            assertThat(secretKeyRefs(container(rendered, service))).contains(kafkaUser(service));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everySecretReferencedIsDeclaredOrMadeByAnOperatorAndNoneCarriesAValue(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertThat(rendered.ofKind("Secret")).as(overlay + " renders no Secret (values are never committed)").isEmpty();
        Set<String> referenced = new TreeSet<>();
        rendered.documents().forEach(d -> collectSecretReferences(d, referenced));
        Set<String> operatorMade = new HashSet<>();
        rendered.ofKind("KafkaUser").forEach(u -> operatorMade.add(Rendered.name(u)));
        rendered.ofKind("Kafka").forEach(k -> operatorMade.add(Rendered.name(k) + "-cluster-ca-cert"));
        Map<String, ObjectNode> catalogue = SecretsCatalogue.secrets();
        Set<String> undeclared = new TreeSet<>(referenced);
        undeclared.removeAll(operatorMade);
        undeclared.removeAll(catalogue.keySet());
        assertThat(undeclared).as(overlay + ": referenced Secrets neither in deploy/kubernetes/secrets nor made by an"
                + " operator").isEmpty();
        Set<String> expectedHere = catalogue.entrySet().stream()
                .filter(e -> e.getValue().path("metadata").path("annotations").path("microenv.dev/overlays").asText()
                        .contains(overlay))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(referenced).as(overlay + ": every Secret the catalogue lists for this overlay is used")
                .containsAll(expectedHere);
        // The gateway's Keycloak client secret is the one the realm import gives Keycloak.
        JsonNode placeholder = rendered.get("KeycloakRealmImport", "microenv-realm").path("spec").path("placeholders")
                .path("MICROENV_GATEWAY_CLIENT_SECRET").path("secret");
        EnvVar gatewaySecret = container(rendered, "gateway").getEnv().stream()
                .filter(e -> e.getName().equals("MICROENV_GATEWAY_CLIENT_SECRET")).findFirst().orElseThrow();
        assertThat(gatewaySecret.getValueFrom().getSecretKeyRef().getName()).isEqualTo(placeholder.path("name").asText());
        assertThat(gatewaySecret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(placeholder.path("key").asText());
    }

    /**
     * PostgreSQL's connection budget: every replica of every service at its HPA maximum opens up to its reactive
     * and JDBC pool maxima (Quarkus's default 20 where application.properties sets none), Keycloak up to
     * spec.db.poolMaxSize per instance (the operator's default 100); CloudNativePG keeps
     * superuser_reserved_connections (3) and its own few. docs/operations.md, "Scaling".
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theConnectionPoolsAtTheirHpaMaximaFitPostgresMaxConnections(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        long total = 0;
        StringBuilder budget = new StringBuilder();
        for (String service : Repository.SERVICES) {
            java.util.Properties properties = ServiceSettings.properties(service);
            if (properties.getProperty("quarkus.datasource.db-kind") == null) {
                continue;
            }
            int perReplica = Integer.parseInt(properties.getProperty("quarkus.datasource.reactive.max-size", "20"))
                    + Integer.parseInt(properties.getProperty("quarkus.datasource.jdbc.max-size", "20"));
            int replicas = rendered.typed("HorizontalPodAutoscaler", service, HorizontalPodAutoscaler.class)
                    .getSpec().getMaxReplicas();
            total += (long) perReplica * replicas;
            budget.append(service).append(' ').append(replicas).append('x').append(perReplica).append(", ");
        }
        JsonNode keycloak = rendered.get("Keycloak", "microenv-keycloak").path("spec");
        int keycloakPool = keycloak.path("db").path("poolMaxSize").asInt(100);
        total += (long) keycloakPool * keycloak.path("instances").asInt(1);
        budget.append("keycloak ").append(keycloak.path("instances").asInt(1)).append('x').append(keycloakPool);
        int maxConnections = Integer.parseInt(rendered.get("Cluster", "microenv-pg").path("spec").path("postgresql")
                .path("parameters").path("max_connections").asText("100"));
        assertThat(total + 10).as(overlay + ": connections at the HPA maxima (" + budget + ") + 10 reserved within"
                + " max_connections").isLessThanOrEqualTo(maxConnections);
    }

    /** docs/operations.md installs an overlay layer by layer with kubectl apply -l microenv.dev/layer=...: */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyObjectBelongsToAnInstallLayer(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> unlayered = new ArrayList<>();
        for (ObjectNode document : rendered.documents()) {
            String layer = document.path("metadata").path("labels").path("microenv.dev/layer").asText();
            if (!Set.of("namespace", "infrastructure", "services").contains(layer)) {
                unlayered.add(document.path("kind").asText() + " " + Rendered.name(document) + " (" + layer + ")");
            }
        }
        assertThat(unlayered).as(overlay + ": objects without a microenv.dev/layer of namespace|infrastructure|services")
                .isEmpty();
        for (String service : Repository.SERVICES) {
            assertThat(rendered.get("Deployment", service).path("metadata").path("labels").path("microenv.dev/layer").asText())
                    .isEqualTo("services");
        }
        assertThat(rendered.get("Cluster", "microenv-pg").path("metadata").path("labels").path("microenv.dev/layer")
                .asText()).isEqualTo("infrastructure");
    }

    // ---- helpers

    static Container container(Rendered rendered, String service) {
        return rendered.typed("Deployment", service, Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }

    /** Every variable the service's container gets: env entries, and the keys of its envFrom ConfigMaps. */
    static Map<String, String> environment(Rendered rendered, String service) {
        Container container = container(rendered, service);
        Map<String, String> env = new HashMap<>();
        for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null) {
                JsonNode data = rendered.get("ConfigMap", from.getConfigMapRef().getName()).path("data");
                data.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
            }
            assertThat(from.getSecretRef()).as(service + ": Secrets by key, not envFrom").isNull();
        }
        for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            env.put(var.getName(), var.getValue() != null ? var.getValue() : "<from " + var.getValueFrom() + ">");
        }
        return env;
    }

    static Set<String> secretKeyRefs(Container container) {
        return container.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getName()).collect(Collectors.toSet());
    }

    private static final Set<String> SECRET_REFERENCE_KEYS = Set.of("secretKeyRef", "secretRef", "usernameSecret",
            "passwordSecret", "secret", "accessKeyId", "secretAccessKey", "region", "sessionToken");

    /** Names of Secrets an object refers to, in any of the shapes Kubernetes and the operators use. */
    static void collectSecretReferences(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                if (field.getKey().equals("realm")) {
                    return; // Keycloak's own representation: client "secret"s are placeholders, not references
                }
                if (SECRET_REFERENCE_KEYS.contains(field.getKey()) && value.isObject() && value.has("name")) {
                    names.add(value.path("name").asText());
                } else if (field.getKey().equals("secretName") && value.isTextual()) {
                    names.add(value.asText());
                }
                collectSecretReferences(value, names);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectSecretReferences(element, names));
        }
    }

    private static boolean isDns(NetworkPolicyEgressRule rule) {
        return rule.getPorts() != null && rule.getPorts().stream().anyMatch(p -> p.getPort() != null
                && Integer.valueOf(53).equals(p.getPort().getIntVal()));
    }

    private static long megabytes(String javaOpts, String flag) {
        Matcher matcher = Pattern.compile(Pattern.quote(flag) + "(\\d+)([mMgG])").matcher(javaOpts);
        assertThat(matcher.find()).as(flag + " in " + javaOpts).isTrue();
        long value = Long.parseLong(matcher.group(1));
        return matcher.group(2).equalsIgnoreCase("g") ? value * 1024 : value;
    }
}
