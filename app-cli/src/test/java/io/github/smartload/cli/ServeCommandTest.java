package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import io.github.smartload.core.ByteSize;
import io.github.smartload.ollama.fake.FakeOllama;
import io.github.smartload.ollama.proxy.ProxyConfig;
import io.github.smartload.ollama.proxy.ProxyLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smartload serve} end to end: picocli, Guice, the real probe and runtime, the fake. */
class ServeCommandTest {

  @TempDir Path home;

  @TempDir Path procfs;

  @TempDir Path sysfs;

  private FakeOllama ollama;

  /** Stands in for SIGTERM: the test decides when the command is asked to stop. */
  private static final class TestSignal implements ShutdownSignal {
    final CompletableFuture<Runnable> stop = new CompletableFuture<>();

    @Override
    public void onShutdown(Runnable action) {
      stop.complete(action);
    }
  }

  @AfterEach
  void stop() {
    if (ollama != null) {
      ollama.close();
    }
  }

  @Test
  void servesTheOriginalsScenarioThreeAndStopsCleanlyWhenAsked() throws Exception {
    ollama =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .baseUsage(ByteSize.ofGigabytes("8.3"))
            .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
            .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
            .residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
            .unloadDelay(Duration.ofMillis(50))
            .procfsRoot(procfs)
            .start()
            .preload("qwen3:8b");
    TestSignal signal = new TestSignal();
    int port = freePort();
    CompletableFuture<Cli.Result> served =
        CompletableFuture.supplyAsync(
            () ->
                Cli.at(
                        home,
                        new AbstractModule() {
                          @Override
                          protected void configure() {
                            bind(ShutdownSignal.class).toInstance(signal);
                          }
                        })
                    .run(
                        "serve",
                        "--listen",
                        "127.0.0.1:" + port,
                        "--host",
                        ollama.url().toString(),
                        "--procfs",
                        procfs.toString(),
                        "--sysfs",
                        sysfs.toString()));
    Runnable stop = signal.stop.get(20, TimeUnit.SECONDS);

    OkHttpClient client = new OkHttpClient();
    Request chat =
        new Request.Builder()
            .url("http://127.0.0.1:" + port + "/api/chat")
            .post(
                RequestBody.create(
                    "{\"model\":\"qwen2.5:32b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(chat).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).contains("\"done\":true");
    }
    assertThat(ollama.unloadCount("qwen3:8b")).isEqualTo(1);
    assertThat(ollama.everOvercommitted()).isFalse();

    stop.run();
    Cli.Result result = served.get(20, TimeUnit.SECONDS);

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines()).first().isEqualTo(BuildInfo.line());
    assertThat(result.lines())
        .contains(
            "smartload: proxy on http://127.0.0.1:" + port + "/ for Ollama at " + ollama.url(),
            "📊 Memory Check:",
            "   Available: 18.0 GB",
            "   New model: qwen2.5:32b (19.0 GB)",
            "   🗑️ qwen3:8b unloaded")
        .anyMatch(line -> line.matches("POST /api/chat qwen2.5:32b 200 \\d+ms \\(unload\\)"));
    assertThat(result.err()).isEmpty();
    assertThat(result.lines()).noneMatch(line -> line.contains("reachable from other machines"));
  }

  @Test
  void startedWhileOllamaIsDownItSaysSoOnceAndKeepsServing() throws Exception {
    TestSignal signal = new TestSignal();
    int port = freePort();
    int nobody = freePort();
    CompletableFuture<Cli.Result> served =
        CompletableFuture.supplyAsync(
            () ->
                Cli.at(
                        home,
                        new AbstractModule() {
                          @Override
                          protected void configure() {
                            bind(ShutdownSignal.class).toInstance(signal);
                          }
                        })
                    .run(
                        "serve",
                        "--listen",
                        "127.0.0.1:" + port,
                        "--host",
                        "127.0.0.1:" + nobody,
                        "--procfs",
                        procfs.toString()));
    Runnable stop = signal.stop.get(20, TimeUnit.SECONDS);

    Request health =
        new Request.Builder().url("http://127.0.0.1:" + port + "/smartload/health").build();
    try (Response response = new OkHttpClient().newCall(health).execute()) {
      assertThat(response.code()).isEqualTo(503);
    }
    stop.run();
    Cli.Result result = served.get(20, TimeUnit.SECONDS);

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines().stream().filter(line -> line.startsWith("WARN ")))
        .singleElement()
        .asString()
        .contains("Ollama is not reachable at http://127.0.0.1:" + nobody)
        .endsWith("; serving anyway: requests get 502 until Ollama answers");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void aListenAddressWithoutAPortIsAUsageError() {
    Cli.Result result = Cli.at(home).run("serve", "--listen", "localhost");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .isEqualTo(
            "smartload: --listen 'localhost' has no port: give HOST:PORT, like 127.0.0.1:11435"
                + System.lineSeparator());
  }

  @Test
  void aNegativeMinimumResidencyIsAUsageError() {
    Cli.Result result = Cli.at(home).run("serve", "--min-residency", "-5s");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("--min-residency", "'-5s'").doesNotContain("\tat ");
  }

  @Test
  void jsonOutputIsNoLogAndSaysSo() {
    Cli.Result result = Cli.at(home).run("--json", "serve");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .isEqualTo(
            "smartload: serve writes a log, one line a request, not JSON: drop --json"
                + System.lineSeparator());
  }

  @Test
  void serveDoesNotOfferJson() {
    Cli.Result help = Cli.at(home).run("serve", "--help");
    Cli.Result given = Cli.at(home).run("serve", "--json");

    assertThat(help.out()).doesNotContain("--json");
    assertThat(given.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(given.err()).startsWith("smartload: Unknown option: '--json'");
  }

  @Test
  void aPortInUseIsAOneLineError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli.Result result =
          Cli.at(home)
              .run(
                  "serve",
                  "--listen",
                  "127.0.0.1:" + taken.getLocalPort(),
                  "--procfs",
                  procfs.toString());

      assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(result.err())
          .startsWith("smartload: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .endsWith("; choose another with --listen" + System.lineSeparator());
    }
  }

  @Test
  void readsListenAddressesInTheirUsualForms() {
    assertThat(ListenAddress.parse("127.0.0.1:11435"))
        .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 11435));
    assertThat(ListenAddress.parse("[::1]:8080"))
        .isEqualTo(InetSocketAddress.createUnresolved("::1", 8080));
    assertThat(ListenAddress.parse(":9000"))
        .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9000));
    assertThatThrownBy(() -> ListenAddress.parse("0.0.0.0:99999"))
        .hasMessage("--listen '0.0.0.0:99999': the port must be a number from 0 to 65535");
  }

  @Test
  void theProxysTimeoutsComeFromTheFlagsThenTheConfigFileThenTheDefaults() throws IOException {
    Path file = home.resolve("config.json");
    java.nio.file.Files.writeString(
        file,
        "{\"busyTimeout\": \"30s\", \"clientIdleTimeout\": \"2m\","
            + " \"upstreamTimeout\": \"20m\", \"bodyBudget\": \"128MiB\"}");
    Settings settings = settings(file);
    ServeCommand serve = new ServeCommand(null, null, null, null);

    ProxyConfig fromFile = serve.config(settings);
    serve.upstreamTimeout = Duration.ofMinutes(30);
    ProxyConfig withFlag = serve.config(settings);
    ProxyConfig defaults = new ServeCommand(null, null, null, null).config(settings(null));

    assertThat(fromFile.busyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(fromFile.limits().clientIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(fromFile.limits().upstreamTimeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(fromFile.limits().bodyBudget()).isEqualTo(ByteSize.parse("128MiB"));
    assertThat(withFlag.limits().upstreamTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(defaults.limits()).isEqualTo(ProxyLimits.defaults());
    assertThat(defaults.limits().upstreamTimeout())
        .as("a ten-minute answer gets through by default")
        .isGreaterThan(Duration.ofMinutes(10));
  }

  @Test
  void aBodyLimitAboveTheBodyBudgetIsAUsageError() {
    ServeCommand serve = new ServeCommand(null, null, null, null);
    serve.maxBody = ByteSize.parse("512MiB");

    assertThatThrownBy(() -> serve.config(settings(null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must not be larger than the body budget");

    serve.bodyBudget = ByteSize.parse("1GiB");
    assertThat(serve.config(settings(null)).maxBody()).isEqualTo(ByteSize.parse("512MiB"));
  }

  @Test
  void warnsThatAnyoneCanConnectWhenListeningBeyondLoopbackOnly() {
    for (String host : new String[] {"0.0.0.0", "::", "192.168.1.20"}) {
      assertThat(Exposure.warning(InetSocketAddress.createUnresolved(host, 11435)))
          .as(host)
          .hasValueSatisfying(
              line ->
                  assertThat(line)
                      .startsWith("WARN smartload: listening on ")
                      .contains(":11435, reachable from other machines")
                      .contains("no authentication")
                      .contains("firewall")
                      .contains("OLLAMA_ORIGINS"));
    }
    assertThat(Exposure.warning(InetSocketAddress.createUnresolved("::", 11435)))
        .hasValueSatisfying(line -> assertThat(line).contains("listening on [::]:11435"));
    for (String host : new String[] {"127.0.0.1", "::1", "localhost", "127.0.0.2"}) {
      assertThat(Exposure.warning(InetSocketAddress.createUnresolved(host, 11435)))
          .as(host)
          .isEmpty();
    }
  }

  @Test
  void ollamaOriginsComeFromTheEnvironmentThenTheConfigFileThenOllamasSystemdUnit()
      throws IOException {
    Path unit = sysfs.resolve("root/etc/systemd/system/ollama.service");
    java.nio.file.Files.createDirectories(unit.getParent());
    java.nio.file.Files.writeString(
        unit, "[Service]\nEnvironment=\"OLLAMA_ORIGINS=https://unit.example\"\n");
    Path file = home.resolve("config.json");
    java.nio.file.Files.writeString(file, "{\"ollamaOrigins\": \"https://file.example\"}");
    Path root = sysfs.resolve("root");
    ServeCommand serve = new ServeCommand(null, null, null, null);

    ProxyConfig fromUnit = serve.config(settings(null, root, java.util.Map.of()));
    ProxyConfig fromFile = serve.config(settings(file, root, java.util.Map.of()));
    ProxyConfig fromEnv =
        serve.config(
            settings(file, root, java.util.Map.of("OLLAMA_ORIGINS", "https://env.example")));

    assertThat(fromUnit.origins().allows("https://unit.example", "h")).isTrue();
    assertThat(fromFile.origins().allows("https://file.example", "h")).isTrue();
    assertThat(fromFile.origins().allows("https://unit.example", "h")).isFalse();
    assertThat(fromEnv.origins().allows("https://env.example", "h")).isTrue();
    assertThat(fromEnv.origins().allows("https://file.example", "h")).isFalse();
  }

  @Test
  void failOpenComesFromTheFlagOrTheConfigFileAndIsOffByDefault() throws IOException {
    Path file = home.resolve("config.json");
    java.nio.file.Files.writeString(file, "{\"failOpen\": true}");
    ServeCommand serve = new ServeCommand(null, null, null, null);
    Settings none = settings(null);
    Settings fromFile = settings(file);

    assertThat(serve.admission(serve.config(none), none).failOpen()).isFalse();
    assertThat(serve.admission(serve.config(fromFile), fromFile).failOpen()).isTrue();
    serve.failOpen = true;
    assertThat(serve.admission(serve.config(none), none).failOpen()).isTrue();
  }

  @Test
  void fitContextIsOffByDefaultAndTakesTheMinimumContext() {
    ServeCommand serve = new ServeCommand(null, null, null, null);
    Settings none = settings(null);

    assertThat(serve.admission(serve.config(none), none).fitContext()).isEmpty();
    serve.fitContext = true;
    assertThat(serve.admission(serve.config(none), none).fitContext()).hasValue(2048);
    serve.minContext = 8192;
    assertThat(serve.admission(serve.config(none), none).fitContext()).hasValue(8192);
  }

  @Test
  void fitContextAndMinContextComeFromTheConfigFileAndTheFlagsOverrideIt() throws IOException {
    Path file = home.resolve("config.json");
    java.nio.file.Files.writeString(file, "{\"fitContext\": true, \"minContext\": 4096}");
    Settings fromFile = settings(file);
    ServeCommand serve = new ServeCommand(null, null, null, null);

    assertThat(serve.admission(serve.config(fromFile), fromFile).fitContext()).hasValue(4096);
    serve.minContext = 8192;
    assertThat(serve.admission(serve.config(fromFile), fromFile).fitContext()).hasValue(8192);
    serve.fitContext = false;
    assertThat(serve.admission(serve.config(fromFile), fromFile).fitContext())
        .as("--no-fit-context turns off what the file turned on")
        .isEmpty();
  }

  @Test
  void aMinContextInTheFileThatIsNoPositiveWholeNumberIsAOneLineConfigError() throws IOException {
    Path file = home.resolve(".config/smartload/config.json");
    java.nio.file.Files.createDirectories(file.getParent());
    for (String value : new String[] {"0", "2048.5", "\"2048\"", "true"}) {
      java.nio.file.Files.writeString(file, "{\"minContext\": " + value + "}");

      Cli.Result result = Cli.at(home).run("serve", "--fit-context");

      assertThat(result.exitCode()).as(value).isEqualTo(ExitCode.USAGE);
      assertThat(result.err())
          .as(value)
          .startsWith("smartload: config file " + file + ", key 'minContext': ")
          .contains("positive whole number")
          .endsWith("\n")
          .hasLineCount(1);
    }
  }

  @Test
  void aFitContextInTheFileThatIsNoBooleanNamesTheKey() throws IOException {
    Path file = home.resolve("config.json");
    java.nio.file.Files.writeString(file, "{\"fitContext\": \"on\"}");

    assertThatThrownBy(() -> settings(file))
        .hasMessageContaining("'fitContext'")
        .hasMessageContaining("must be true or false");
  }

  @Test
  void aMinimumContextBelowOneIsAUsageError() {
    Cli.Result result = Cli.at(home).run("serve", "--fit-context", "--min-context", "0");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("--min-context").doesNotContain("\tat ");
  }

  @Test
  void aFailOpenThatIsNoBooleanNamesTheKey() throws IOException {
    Path file = home.resolve("config.json");
    java.nio.file.Files.writeString(file, "{\"failOpen\": \"yes\"}");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(file))
        .hasMessageContaining("'failOpen'")
        .hasMessageContaining("must be true or false");
  }

  private Settings settings(Path config) {
    return settings(config, home.resolve("no-systemd"), java.util.Map.of());
  }

  private Settings settings(Path config, Path systemdRoot, java.util.Map<String, String> env) {
    GlobalOptions flags = new GlobalOptions();
    flags.config = config;
    flags.systemdRoot = systemdRoot;
    java.util.Map<String, String> variables = new java.util.HashMap<>(env);
    variables.put("HOME", home.toString());
    return new SettingsResolver(
            new Environment(variables, false),
            new ConfigReader(new com.squareup.moshi.Moshi.Builder().build()))
        .resolve(flags);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
