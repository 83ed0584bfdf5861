package io.github.smartload.ollama.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.ollama.OllamaRuntime;
import io.github.smartload.ollama.OllamaTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake keeps to Ollama's documented behaviour, so end-to-end tests prove something. */
class FakeOllamaTest {

  private static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path procfs;

  private final OkHttpClient client = new OkHttpClient();
  private final List<FakeOllama> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(FakeOllama::close);
  }

  private FakeOllama start(FakeOllama.Builder builder) {
    FakeOllama fake = builder.start();
    started.add(fake);
    return fake;
  }

  private FakeOllama standard() {
    return start(
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .baseUsage(ByteSize.ofGigabytes("8.3"))
            .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
            .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
            .residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
            .install("qwen3:1.7b", ByteSize.ofGigabytes("1.4"))
            .unloadDelay(Duration.ofMillis(150))
            .procfsRoot(procfs));
  }

  private OllamaRuntime runtime(FakeOllama fake) {
    return new OllamaRuntime(
        client, new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults());
  }

  private Response post(FakeOllama fake, String path, String json) throws IOException {
    return client
        .newCall(
            new Request.Builder()
                .url(fake.url().resolve(path))
                .post(RequestBody.create(json, JSON))
                .build())
        .execute();
  }

  /** One meminfo field in kB, read as the kernel's format lays it out. */
  private long meminfo(String key) throws IOException {
    for (String line : Files.readAllLines(procfs.resolve("meminfo"))) {
      String[] parts = line.trim().split("\\s+");
      if (parts[0].equals(key + ":") && parts[2].equals("kB")) {
        return Long.parseLong(parts[1]);
      }
    }
    throw new AssertionError(key + " missing from meminfo");
  }

  /** Polls until {@code condition} holds; the deadline is generous for a loaded 2-core machine. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 30 s").isTrue();
  }

  @Test
  void saysItIsRunningOnGetAndHead() throws IOException {
    FakeOllama fake = standard();
    try (Response get = client.newCall(new Request.Builder().url(fake.url()).build()).execute()) {
      assertThat(get.body().string()).isEqualTo("Ollama is running");
    }
    try (Response head =
        client.newCall(new Request.Builder().url(fake.url()).head().build()).execute()) {
      assertThat(head.code()).isEqualTo(200);
    }
    assertThat(fake.url().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void mirrorsMemoryIntoMeminfoInKilobytes() throws IOException {
    FakeOllama fake = standard();

    assertThat(meminfo("MemTotal")).isEqualTo(31_250_000L); // 32 GB in KiB, as the kernel counts
    assertThat(meminfo("MemAvailable")).isEqualTo(23_144_531L);
    assertThat(meminfo("SwapTotal")).isEqualTo(7_812_500L);
    assertThat(meminfo("SwapFree")).isEqualTo(7_812_500L);

    fake.preload("qwen3:8b");

    assertThat(meminfo("MemAvailable")).isEqualTo(17_578_125L);
    assertThat(fake.available()).isEqualTo(ByteSize.ofGigabytes("18"));
  }

  @Test
  void listsResidentModelsLatestExpiryFirstWithTheirResidentSize() {
    FakeOllama fake = standard();
    fake.preload("qwen3:1.7b", KeepAlive.parse("5m"));
    fake.preload("qwen3:8b", KeepAlive.FOREVER);

    List<LoadedModel> loaded = runtime(fake).loadedModels();

    assertThat(loaded)
        .extracting(LoadedModel::name)
        .containsExactly(ModelName.parse("qwen3:8b"), ModelName.parse("qwen3:1.7b"));
    assertThat(loaded.get(0).size()).isEqualTo(ByteSize.ofGigabytes("5.7"));
    assertThat(loaded.get(0).expiresAt()).isAfter(Instant.parse("2300-01-01T00:00:00Z"));
    assertThat(loaded.get(1).size()).isEqualTo(ByteSize.ofGigabytes("1.4"));
  }

  @Test
  void tagsListTheCatalogueWithFileSizes() {
    FakeOllama fake = standard();

    assertThat(runtime(fake).sizeOf(ModelName.parse("qwen3:8b")))
        .contains(ByteSize.ofGigabytes("5.2"));
  }

  /** The scenario machine with only qwen3:8b, resident, and the given unload timings. */
  private FakeOllama withResidentQwen3(Duration unloadDelay, Duration memoryReturnDelay) {
    FakeOllama fake =
        start(
            FakeOllama.builder()
                .totalMemory(ByteSize.ofGigabytes("32"))
                .baseUsage(ByteSize.ofGigabytes("8.3"))
                .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
                .residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
                .unloadDelay(unloadDelay)
                .memoryReturnDelay(memoryReturnDelay)
                .procfsRoot(procfs));
    return fake.preload("qwen3:8b");
  }

  @Test
  void anUnloadAnswersAtOnceAndTheModelShowsAsStoppingWithItsMemoryStillHeld() throws Exception {
    // Delays far beyond the test's run: what it sees cannot depend on how busy the machine is.
    FakeOllama fake = withResidentQwen3(Duration.ofMinutes(1), Duration.ofMinutes(1));
    OllamaRuntime runtime = runtime(fake);

    runtime.unload(ModelName.parse("qwen3:8b"));

    List<LoadedModel> stopping = runtime.loadedModels();
    assertThat(stopping).singleElement().matches(m -> m.isStoppingAt(Instant.now()));
    assertThat(meminfo("MemAvailable")).isEqualTo(17_578_125L); // not back yet
    assertThat(fake.unloadCount("qwen3:8b")).isEqualTo(1);
  }

  @Test
  void anUnloadedModelLeavesTheListBeforeItsMemoryComesBack() throws Exception {
    FakeOllama fake = withResidentQwen3(Duration.ofMillis(50), Duration.ofMinutes(1));

    runtime(fake).unload(ModelName.parse("qwen3:8b"));

    await(() -> fake.residentModels().isEmpty());
    assertThat(meminfo("MemAvailable")).isEqualTo(17_578_125L); // the kernel is still freeing
    assertThat(fake.used()).isEqualTo(ByteSize.ofGigabytes("14"));
  }

  @Test
  void anUnloadedModelsMemoryComesBackAfterBothDelays() throws Exception {
    FakeOllama fake = withResidentQwen3(Duration.ofMillis(50), Duration.ofMillis(50));

    runtime(fake).unload(ModelName.parse("qwen3:8b"));

    await(() -> fake.available().equals(ByteSize.ofGigabytes("23.7")));
    assertThat(fake.residentModels()).isEmpty();
    assertThat(meminfo("MemAvailable")).isEqualTo(23_144_531L);
  }

  @Test
  void anUnloadWaitsForAStreamStillRunningAsOllamaDoes() throws Exception {
    FakeOllama fake =
        start(
            FakeOllama.builder()
                .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
                .unloadDelay(Duration.ZERO)
                .memoryReturnDelay(Duration.ZERO)
                .streaming(2, Duration.ofSeconds(3)));
    OllamaRuntime runtime = runtime(fake);

    try (Response stream =
        post(fake, "/api/generate", "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\"}")) {
      BufferedSource source = stream.body().source();
      assertThat(source.readUtf8LineStrict()).contains("\"done\":false"); // mid-answer now

      runtime.unload(ModelName.parse("qwen3:8b"));
      assertThat(fake.busyUnloadCount()).isEqualTo(1);

      // Its last line is 3 s away: the model stays listed as stopping, its memory held.
      assertThat(runtime.loadedModels())
          .singleElement()
          .matches(m -> m.isStoppingAt(Instant.now()));
      assertThat(fake.used()).isEqualTo(ByteSize.ofGigabytes("7.2"));
      assertThat(source.readUtf8LineStrict()).contains("\"done\":true");
    }
    // As in Ollama, the list entry goes first and the memory after it (a task of its own, even
    // with a zero delay): wait for each, or the memory is read in between.
    await(() -> fake.residentModels().isEmpty());
    await(() -> fake.used().equals(ByteSize.ofGigabytes("2")));
  }

  @Test
  void loadKeepsTheModelForTheRequestedKeepAlive() {
    FakeOllama fake = standard();
    Instant before = Instant.now();

    runtime(fake).load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT);

    LoadedModel model = runtime(fake).loadedModels().get(0);
    assertThat(model.expiresAt())
        .isAfterOrEqualTo(before.plus(Duration.ofMinutes(15)))
        .isBefore(before.plus(Duration.ofMinutes(16)));
    assertThat(fake.loadCount("qwen2.5:32b")).isEqualTo(1);
    assertThat(fake.requests("/api/generate").get(0).body()).contains("\"keep_alive\":\"15m\"");
  }

  @Test
  void aBareNumberKeepAliveStringIsRefusedAsOllamaDoes() throws IOException {
    FakeOllama fake = standard();

    try (Response response =
        post(fake, "/api/generate", "{\"model\":\"qwen3:8b\",\"keep_alive\":\"300\"}")) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string())
          .isEqualTo("{\"error\":\"time: missing unit in duration \\\"300\\\"\"}");
    }
    assertThat(fake.residentModels()).isEmpty();
  }

  @Test
  void aNumberKeepAliveIsSeconds() {
    FakeOllama fake = standard();
    Instant before = Instant.now();

    try (Response response =
        post(fake, "/api/generate", "{\"model\":\"qwen3:8b\",\"keep_alive\":60}")) {
      assertThat(response.code()).isEqualTo(200);
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThat(runtime(fake).loadedModels().get(0).expiresAt())
        .isBetween(before.plusSeconds(60), before.plusSeconds(120));
  }

  @Test
  void anUnknownModelIsA404AskingToPullIt() throws IOException {
    FakeOllama fake = standard();

    try (Response response = post(fake, "/api/chat", "{\"model\":\"llama9\"}")) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(response.body().string())
          .isEqualTo("{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}");
    }
    try (Response response = post(fake, "/api/show", "{\"model\":\"llama9\"}")) {
      assertThat(response.code()).isEqualTo(404);
    }
  }

  @Test
  void generateStreamsNdjsonLinesEndingWithDone() throws IOException {
    FakeOllama fake =
        start(
            FakeOllama.builder()
                .install("qwen3:1.7b", ByteSize.ofGigabytes("1.4"))
                .streaming(4, Duration.ofMillis(20)));
    List<String> lines = new ArrayList<>();

    try (Response response =
        post(fake, "/api/generate", "{\"model\":\"qwen3:1.7b\",\"prompt\":\"hi\"}")) {
      assertThat(response.header("Content-Type")).isEqualTo("application/x-ndjson");
      BufferedSource source = response.body().source();
      String first = source.readUtf8LineStrict();
      assertThat(first).contains("\"done\":false");
      lines.add(first);
      while (!source.exhausted()) {
        lines.add(source.readUtf8LineStrict());
      }
    }

    assertThat(lines).hasSize(4);
    assertThat(lines.get(3)).contains("\"done\":true");
    assertThat(fake.loadCount("qwen3:1.7b")).isEqualTo(1);
  }

  @Test
  void streamFalseGivesOneObject() throws IOException {
    FakeOllama fake = standard();

    try (Response response =
        post(
            fake,
            "/api/chat",
            "{\"model\":\"qwen3:8b\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      String body = response.body().string();
      assertThat(body).doesNotContain("\n").contains("\"done\":true").contains("\"message\"");
    }
  }

  @Test
  void openAiEndpointsStreamServerSentEventsOnlyWhenAsked() throws IOException {
    FakeOllama fake = standard();

    try (Response response =
        post(
            fake,
            "/v1/chat/completions",
            "{\"model\":\"qwen3:1.7b\",\"stream\":true,\"messages\":[]}")) {
      String body = response.body().string();
      assertThat(body).startsWith("data: {").endsWith("data: [DONE]\n\n");
    }
    try (Response response =
        post(fake, "/v1/completions", "{\"model\":\"qwen3:1.7b\",\"prompt\":\"hi\"}")) {
      assertThat(response.body().string()).startsWith("{").contains("text_completion");
    }
    assertThat(fake.loadCount("qwen3:1.7b")).isEqualTo(1);
  }

  @Test
  void embeddingsLoadTheModelToo() throws IOException {
    FakeOllama fake = standard();

    try (Response response =
        post(fake, "/api/embed", "{\"model\":\"qwen3:1.7b\",\"input\":\"x\"}")) {
      assertThat(response.body().string()).contains("\"embeddings\"");
    }

    assertThat(fake.residentModels()).containsExactly(ModelName.parse("qwen3:1.7b"));
  }

  @Test
  void loadsWithoutARamCheckLikeOllamaOnCpuAndRecordsTheOvercommit() throws IOException {
    FakeOllama fake = standard();
    fake.preload("qwen3:8b");

    runtime(fake).load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT);

    assertThat(fake.everOvercommitted()).isTrue();
    assertThat(fake.peakUsed()).isEqualTo(ByteSize.ofGigabytes("33"));
    assertThat(meminfo("MemAvailable")).isZero();
    assertThat(meminfo("SwapFree")).isEqualTo((8_000_000_000L - 1_000_000_000L) / 1024);
  }

  @Test
  void anUnloadOfAModelThatIsNotAnsweringIsNotBusy() {
    FakeOllama fake = standard();
    fake.preload("qwen3:8b");

    runtime(fake).unload(ModelName.parse("qwen3:8b"));

    assertThat(fake.unloadCount("qwen3:8b")).isEqualTo(1);
    assertThat(fake.busyUnloadCount()).isZero();
  }

  @Test
  void countsEachStretchOfOvercommitOnce() throws Exception {
    FakeOllama fake = standard();
    fake.preload("qwen3:8b");
    OllamaRuntime runtime = runtime(fake);
    assertThat(fake.overcommitCount()).isZero();

    runtime.load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT); // 33 GB of 32
    assertThat(fake.overcommitCount()).isEqualTo(1);
    runtime.unload(ModelName.parse("qwen2.5:32b"));
    await(() -> fake.used().equals(ByteSize.ofGigabytes("14")));
    assertThat(fake.overcommitCount()).isEqualTo(1);
    runtime.load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT);

    assertThat(fake.overcommitCount()).isEqualTo(2);
    assertThat(fake.everOvercommitted()).isTrue();
    assertThat(fake.overcommitRecords())
        .hasSize(2)
        .allMatch(
            record ->
                record.endsWith(
                    "the load of qwen2.5:32b: 33.0 GB used of 32.0 GB: base 8.3 GB,"
                        + " qwen3:8b 5.7 GB, qwen2.5:32b 19.0 GB"));
  }

  @Test
  void aFrozenServerAnswersNothingUntilThawed() throws Exception {
    FakeOllama fake = standard();
    fake.freeze();
    CompletableFuture<Integer> status =
        CompletableFuture.supplyAsync(
            () -> {
              try (Response response = client.newCall(get(fake, "/api/ps")).execute()) {
                return response.code();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });

    // A broken freeze answers within milliseconds; a slow machine only makes this wait longer.
    assertThatThrownBy(() -> status.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(fake.requests()).isEmpty();
    fake.thaw();

    assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
  }

  private static Request get(FakeOllama fake, String path) {
    return new Request.Builder().url(fake.url().resolve(path)).build();
  }

  @Test
  void recordsEveryRequest() throws IOException {
    FakeOllama fake = standard();

    runtime(fake).loadedModels();
    runtime(fake).version();

    assertThat(fake.requests())
        .extracting(FakeOllama.Request::method, FakeOllama.Request::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", "/api/ps"),
            org.assertj.core.groups.Tuple.tuple("GET", "/api/version"));
  }

  /** A client that never resends a request, so that what the fake did is what the test sees. */
  private final OkHttpClient once = client.newBuilder().retryOnConnectionFailure(false).build();

  private static final String LOAD_32B = "{\"model\":\"qwen2.5:32b\",\"keep_alive\":\"15m\"}";

  @Test
  void aServerKilledDuringALoadClosesTheConnectionUnansweredAndThenRefusesConnections()
      throws Exception {
    FakeOllama fake = standard().preload("qwen3:8b").dieDuringNextLoad();
    Request load =
        new Request.Builder()
            .url(fake.url().resolve("/api/generate"))
            .post(RequestBody.create(LOAD_32B, JSON))
            .build();

    assertThatThrownBy(() -> once.newCall(load).execute().close())
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ConnectException.class);

    assertThat(fake.isRunning()).isFalse();
    assertThat(fake.requests("/api/generate")).hasSize(1);
    assertThat(fake.loadCount("qwen2.5:32b")).isZero();
    assertThatThrownBy(() -> once.newCall(new Request.Builder().url(fake.url()).build()).execute())
        .isInstanceOf(ConnectException.class);
    // The killed runner's memory goes back to the machine: only the base usage is left.
    await(() -> fake.available().equals(ByteSize.ofGigabytes("23.7")));
    assertThat(meminfo("MemAvailable")).isEqualTo(23_144_531L);
  }

  @Test
  void aRestartedServerAnswersOnTheSamePortWithNothingResident() throws Exception {
    FakeOllama fake = standard().preload("qwen3:8b").dieDuringNextLoad();
    String before = fake.url().toString();
    try (Response ignored = post(fake, "/api/generate", LOAD_32B)) {
      throw new AssertionError("a killed server answered");
    } catch (IOException expected) {
      // the connection closed before an answer
    }

    fake.restart();

    assertThat(fake.url().toString()).isEqualTo(before);
    assertThat(fake.isRunning()).isTrue();
    assertThat(runtime(fake).loadedModels()).isEmpty();
    runtime(fake).load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT);
    assertThat(fake.residentModels()).containsExactly(ModelName.parse("qwen2.5:32b"));
  }

  @Test
  void anArmedDeathWaitsForALoadAndARequestToAServingModelIsAnswered() throws IOException {
    FakeOllama fake = standard().preload("qwen3:8b").dieDuringNextLoad();

    try (Response response =
        post(
            fake, "/api/generate", "{\"model\":\"qwen3:8b\",\"stream\":false,\"prompt\":\"hi\"}")) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(fake.isRunning()).isTrue();
  }

  @Test
  void onlyADeadServerRestarts() {
    FakeOllama fake = standard();

    assertThatThrownBy(fake::restart).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aKillCutsAStreamInProgressAndRefusesWhatComesAfter() throws Exception {
    // A gap far beyond the test's run: the stream is surely mid-answer when the kill comes.
    FakeOllama fake =
        start(
            FakeOllama.builder()
                .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
                .streaming(2, Duration.ofMinutes(1))
                .procfsRoot(procfs)
                .memoryReturnDelay(Duration.ZERO));

    try (Response stream =
        once.newCall(
                new Request.Builder()
                    .url(fake.url().resolve("/api/generate"))
                    .post(RequestBody.create("{\"model\":\"qwen3:8b\",\"prompt\":\"hi\"}", JSON))
                    .build())
            .execute()) {
      BufferedSource source = stream.body().source();
      assertThat(source.readUtf8LineStrict()).contains("\"done\":false");

      fake.kill();

      assertThatThrownBy(source::readUtf8LineStrict).isInstanceOf(IOException.class);
    }
    assertThat(fake.isRunning()).isFalse();
    await(() -> fake.used().equals(ByteSize.ofGigabytes("2")));
    fake.restart();
    assertThat(runtime(fake).loadedModels()).isEmpty();
  }
}
