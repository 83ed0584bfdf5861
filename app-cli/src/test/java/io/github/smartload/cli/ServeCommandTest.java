package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import io.github.smartload.core.ByteSize;
import io.github.smartload.ollama.fake.FakeOllama;
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
    assertThat(result.lines())
        .contains(
            "smartload: proxy on http://127.0.0.1:" + port + "/ for Ollama at " + ollama.url(),
            "📊 Memory Check:",
            "   Available: 18.0 GB",
            "   New model: qwen2.5:32b (19.0 GB)",
            "   🗑️ qwen3:8b unloaded")
        .anyMatch(line -> line.matches("POST /api/chat qwen2.5:32b 200 \\d+ms \\(unload\\)"));
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
    Cli.Result result = Cli.at(home).run("serve", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .isEqualTo(
            "smartload: serve writes a log, one line a request, not JSON: drop --json"
                + System.lineSeparator());
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
    assertThat(ServeCommand.listenAddress("127.0.0.1:11435"))
        .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 11435));
    assertThat(ServeCommand.listenAddress("[::1]:8080"))
        .isEqualTo(InetSocketAddress.createUnresolved("::1", 8080));
    assertThat(ServeCommand.listenAddress(":9000"))
        .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9000));
    assertThatThrownBy(() -> ServeCommand.listenAddress("0.0.0.0:99999"))
        .hasMessage("--listen '0.0.0.0:99999': the port must be a number from 0 to 65535");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
