import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the stack's topics with explicit partition counts (idempotent), run by deploy/local/stack as
 * {@code java -cp '<kafka lib>/*' CreateTopics.java BOOTSTRAP TIMEOUT_SECONDS name:partitions...}.
 * Waits for the broker up to the timeout; grows a topic that has fewer partitions than asked, never shrinks.
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CreateTopics BOOTSTRAP TIMEOUT_SECONDS name:partitions...");
            System.exit(2);
        }
        String bootstrap = args[0];
        Instant deadline = Instant.now().plusSeconds(Long.parseLong(args[1]));
        Map<String, Integer> wanted = new java.util.LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] parts = args[i].split(":");
            wanted.put(parts[0], Integer.parseInt(parts[1]));
        }

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(props)) {
            Exception last = null;
            while (Instant.now().isBefore(deadline)) {
                try {
                    ensureTopics(admin, wanted);
                    return;
                } catch (ExecutionException | org.apache.kafka.common.KafkaException e) {
                    last = e;
                    TimeUnit.MILLISECONDS.sleep(500);
                }
            }
            System.err.println("topics not created within the timeout: " + (last == null ? "timeout" : last.getMessage()));
            System.exit(1);
        }
    }

    private static void ensureTopics(Admin admin, Map<String, Integer> wanted) throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        wanted.forEach((name, partitions) -> {
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, partitions, (short) 1));
            }
        });
        for (NewTopic topic : missing) {
            try {
                admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
                System.out.println("created topic " + topic.name() + " (" + topic.numPartitions() + " partitions)");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        Map<String, TopicDescription> described = admin.describeTopics(wanted.keySet()).allTopicNames().get(10, TimeUnit.SECONDS);
        for (Map.Entry<String, Integer> entry : wanted.entrySet()) {
            int actual = described.get(entry.getKey()).partitions().size();
            if (actual < entry.getValue()) {
                admin.createPartitions(Map.of(entry.getKey(), NewPartitions.increaseTo(entry.getValue())))
                        .all().get(10, TimeUnit.SECONDS);
                System.out.println("grew topic " + entry.getKey() + " to " + entry.getValue() + " partitions");
            }
        }
    }
}
