package com.microenv.e2e.dashboard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code microenv login --no-browser} run as a process: the person opens the printed URL while logged out, signs in
 * on Keycloak's page, lands back on {@code /device} with the code, sees the client's name, IP and time, and
 * approves (the CLI logs in) or denies (the CLI exits with the authentication code); the CLI sessions page revokes
 * a session and the CLI is refused from then on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliLoginApprovalIT {

    private static final Pattern URL = Pattern.compile("(https?://\\S+/device\\?user_code=(\\S+))");

    @RegisterExtension
    static final Browser browser = new Browser();

    static final DashboardStack.Person person = DashboardStack.newPerson("cli");
    static final String deviceName = "dash-laptop-" + UUID.randomUUID().toString().substring(0, 6);
    static Path config;

    @AfterAll
    static void closeBrowser() {
        browser.close();
    }

    @Test
    @Order(1)
    void approvesALoginStartedByTheCliWhileLoggedOut() throws Exception {
        config = Files.createTempDirectory("microenv-cli-config-");
        Login login = Login.start(deviceName);

        browser.open(login.url());
        browser.awaitUrl(DashboardStack.keycloakUrl());
        browser.keycloakLogin(person.email(), person.password());
        browser.awaitUrl(DashboardStack.gatewayUrl() + "/device");

        assertThat(browser.text("device-code")).isEqualTo(login.userCode());
        assertThat(browser.text("device-client")).isEqualTo(deviceName);
        assertThat(browser.text("device-ip")).isEqualTo("127.0.0.1");
        assertThat(browser.text("device-time")).isNotBlank();
        browser.documentPage("06-device-approval");
        browser.click("approve");
        assertThat(browser.text("device-result")).startsWith("Approved");

        assertThat(login.exitCode()).as(login.output()).isZero();
        assertThat(cli("whoami").exitCode).isZero();
    }

    @Test
    @Order(2)
    void deniesASecondOne() throws Exception {
        Path other = Files.createTempDirectory("microenv-cli-config-");
        Login login = Login.start(deviceName + "-denied", other);

        browser.open(login.url());
        assertThat(browser.text("device-client")).isEqualTo(deviceName + "-denied");
        browser.click("deny");
        assertThat(browser.text("device-result")).startsWith("Denied");

        assertThat(login.exitCode()).as(login.output()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void revokingTheSessionLocksTheCliOut() {
        browser.open(DashboardStack.gatewayUrl() + "/app/cli-sessions");
        WebElement row = browser.find(By.id("cli-sessions")).findElements(By.cssSelector("tr.cli-session")).stream()
                .filter(r -> r.getText().contains(deviceName) && !r.getText().contains(deviceName + "-denied"))
                .findFirst().orElseThrow();
        browser.documentPage("07-cli-sessions");
        row.findElement(By.cssSelector("button[id^=revoke-]")).click();
        assertThat(browser.pageText()).contains("The session was revoked.").doesNotContain(deviceName);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(cli("whoami").exitCode).isEqualTo(3));
    }

    // ------------------------------------------------------------------------------------------ the CLI

    record Result(int exitCode, String output) {
    }

    static Result cli(String... args) throws IOException, InterruptedException {
        Process process = launch(config, args);
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("microenv did not finish in 60 s");
        }
        return new Result(process.exitValue(), output);
    }

    static Process launch(Path configHome, String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = DashboardStack.stateDirectory().resolve("bin/microenv").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("MICROENV_TOKEN");
        builder.environment().put("MICROENV_API_URL", DashboardStack.gatewayUrl());
        builder.environment().put("XDG_CONFIG_HOME", configHome.toString());
        builder.environment().put("XDG_CACHE_HOME", configHome.resolve("cache").toString());
        return builder.start();
    }

    /** A running {@code microenv login --no-browser}; its URL read from what it prints. */
    static final class Login {
        private final Process process;
        private final StringBuilder output = new StringBuilder();
        private final String url;
        private final String userCode;
        private final CompletableFuture<Void> drained;

        private Login(Process process) throws IOException {
            this.process = process;
            process.getOutputStream().close();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String found = null;
            String code = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (found == null && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    found = m.group(1);
                    code = m.group(2);
                }
            }
            if (found == null) {
                process.destroyForcibly();
                throw new IllegalStateException("microenv login printed no /device URL:\n" + output);
            }
            this.url = found;
            this.userCode = code;
            this.drained = CompletableFuture.runAsync(() -> reader.lines().forEach(l -> {
                synchronized (output) {
                    output.append(l).append('\n');
                }
            }));
        }

        static Login start(String name) throws IOException {
            return start(name, config);
        }

        static Login start(String name, Path configHome) throws IOException {
            return new Login(launch(configHome, "login", "--no-browser", "--name", name));
        }

        String url() {
            return url;
        }

        String userCode() {
            return userCode;
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("microenv login did not finish within 60 s of the decision:\n" + output());
            }
            drained.join();
            return process.exitValue();
        }

        String output() {
            synchronized (output) {
                return output.toString();
            }
        }
    }
}
