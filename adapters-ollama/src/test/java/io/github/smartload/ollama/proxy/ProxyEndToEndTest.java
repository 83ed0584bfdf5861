package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.ollama.fake.FakeOllama;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy in front of the fake Ollama, with the real Ollama runtime and a temp procfs. */
class ProxyEndToEndTest {

  @TempDir Path procfs;

  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
  @RegisterExtension final CloseAfterEach closing = new CloseAfterEach();
  private List<String> requests;
  private FakeOllama fake;
  private OllamaProxy proxy;

  private FakeOllama.Builder machine(String totalGb, String baseGb) {
    return FakeOllama.builder()
        .totalMemory(ByteSize.ofGigabytes(totalGb))
        .baseUsage(ByteSize.ofGigabytes(baseGb))
        .procfsRoot(procfs)
        .unloadDelay(Duration.ofMillis(30))
        .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
        .install("qwen2.5:14b", ByteSize.ofGigabytes("9"))
        .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
        .residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
        .install("qwen3:1.7b", ByteSize.ofGigabytes("1.4"))
        .residentSize("qwen3:1.7b", ByteSize.ofGigabytes("2.0"));
  }

  private void serve(FakeOllama.Builder builder) {
    serve(builder, UnaryOperator.identity(), runtime -> runtime);
  }

  private void serve(
      FakeOllama.Builder builder,
      UnaryOperator<ProxyConfig> config,
      UnaryOperator<ModelRuntime> decorate) {
    FakeBackedProxy served = closing.add(new FakeBackedProxy(builder, procfs, config, decorate));
    fake = served.fake;
    proxy = served.proxy;
    requests = served.lines;
  }

  private HttpUrl url(String path) {
    return HttpUrl.get("http://127.0.0.1:" + proxy.address().getPort() + path);
  }

  private Request post(String path, String json) {
    return new Request.Builder()
        .url(url(path))
        .post(RequestBody.create(json, ProxyHarness.JSON))
        .build();
  }

  private String call(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  private static ModelName name(String text) {
    return ModelName.parse(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/generate",
        "/api/chat",
        "/api/embed",
        "/api/embeddings",
        "/v1/chat/completions",
        "/v1/completions",
        "/v1/embeddings"
      })
  void everyModelBearingEndpointLoadsThroughTheSmartLoadAndAnswers(String path) throws Exception {
    serve(machine("32", "6.5"));
    String body =
        "{\"model\":\"qwen2.5:14b\",\"prompt\":\"hi\",\"input\":\"hi\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}";

    String answer = call(post(path, body));

    assertThat(answer).startsWith("200 {");
    assertThat(fake.loadCount("qwen2.5:14b")).isEqualTo(1);
    List<FakeOllama.Request> seen = fake.requests(path);
    assertThat(seen.get(seen.size() - 1).body()).isEqualTo(body);
    assertThat(fake.requests("/api/generate").get(0).body())
        .as("the smart load brings the model in before the request is forwarded")
        .contains("\"keep_alive\"");
  }

  @Test
  void streamsNdjsonSoTheClientSeesTheFirstLineBeforeTheLastIsProduced() throws Exception {
    Duration gap = Duration.ofMillis(150);
    serve(machine("32", "6.5").streaming(4, gap));

    try (Response response =
        client
            .newCall(
                post("/api/chat", "{\"model\":\"qwen3:8b\",\"messages\":[{\"role\":\"user\"}]}"))
            .execute()) {
      BufferedSource body = response.body().source();
      String first = body.readUtf8Line();
      long firstAt = System.nanoTime();
      String line;
      String last = first;
      while ((line = body.readUtf8Line()) != null) {
        last = line;
      }
      long lastAt = System.nanoTime();
      assertThat(first).contains("word1").contains("\"done\":false");
      assertThat(last).contains("\"done\":true");
      // Two more gaps pass upstream between the first line and the last: buffering would hide them.
      assertThat(Duration.ofNanos(lastAt - firstAt)).isGreaterThanOrEqualTo(gap.multipliedBy(2));
    }
  }

  @Test
  void streamsServerSentEventsOfTheOpenAiEndpoints() throws Exception {
    serve(machine("32", "6.5").streaming(3, Duration.ZERO));

    String answer =
        call(
            post(
                "/v1/chat/completions",
                "{\"model\":\"qwen3:8b\",\"stream\":true,\"messages\":[{\"role\":\"user\"}]}"));

    assertThat(answer).startsWith("200 data: {").endsWith("data: [DONE]\n\n");
  }

  @Test
  void otherEndpointsPassThroughExactlyAsOllamaAnswersThem() throws Exception {
    serve(machine("32", "6.5"));
    fake.preload("qwen3:8b");

    for (String path : List.of("/", "/api/tags", "/api/ps", "/api/version")) {
      // The fake stamps modified_at with the time of asking.
      String direct =
          call(new Request.Builder().url(fake.url().resolve(path)).build())
              .replaceAll("\"modified_at\":\"[^\"]*\"", "");
      String proxied =
          call(new Request.Builder().url(url(path)).build())
              .replaceAll("\"modified_at\":\"[^\"]*\"", "");
      assertThat(proxied).as(path).isEqualTo(direct);
    }
    assertThat(call(post("/api/show", "{\"model\":\"nope\"}"))).startsWith("404 {\"error\":");
    assertThat(fake.loadCount("qwen3:8b")).isEqualTo(1);
  }

  @Test
  void scenarioOneSmallModelLoadsWithoutUnloading() throws Exception {
    serve(machine("32", "6.5"));

    assertThat(
            call(
                post(
                    "/api/generate",
                    "{\"model\":\"qwen3:1.7b\",\"prompt\":\"hi\",\"stream\":false}")))
        .startsWith("200 ");

    assertThat(fake.residentModels()).containsExactly(name("qwen3:1.7b"));
    assertThat(fake.requests("/api/generate")).hasSize(2); // the smart load, then the request
    assertThat(call(new Request.Builder().url(url("/smartload/status")).build()))
        .contains("\"kind\":\"small-model\"", "\"available_bytes\":25499");
  }

  @Test
  void scenarioTwoLargeModelLoadsBesideTheSmallOne() throws Exception {
    FakeOllama.Builder builder = machine("32", "4.5");
    serve(builder);
    fake.preload("qwen3:1.7b");

    call(post("/api/chat", "{\"model\":\"qwen2.5:14b\",\"messages\":[],\"stream\":false}"));

    assertThat(fake.residentModels())
        .containsExactlyInAnyOrder(name("qwen3:1.7b"), name("qwen2.5:14b"));
    assertThat(fake.unloadCount("qwen3:1.7b")).isZero();
  }

  @Test
  void scenarioThreeUnloadsTheEightBWaitsForItsMemoryThenLoadsWithoutSwapping() throws Exception {
    serve(machine("32", "8.3"));
    fake.preload("qwen3:8b");
    assertThat(fake.available()).isEqualTo(ByteSize.ofGigabytes("18.0"));

    String answer =
        call(post("/api/chat", "{\"model\":\"qwen2.5:32b\",\"messages\":[{\"role\":\"user\"}]}"));

    assertThat(answer).startsWith("200 ").contains("\"done\":true");
    assertThat(fake.unloadCount("qwen3:8b")).isEqualTo(1);
    assertThat(fake.residentModels()).containsExactly(name("qwen2.5:32b"));
    assertThat(fake.everOvercommitted()).isFalse();
  }

  @Test
  void ollamaStopUnloadsOnlyTheModelItNamesAndANotInstalledModelUnloadsNothing() throws Exception {
    serve(machine("32", "8.3"));
    fake.preload("qwen3:8b");
    fake.preload("qwen2.5:14b");

    // `ollama stop` of a large model that is not loaded: before, a smart load emptied RAM for it.
    assertThat(call(post("/api/generate", "{\"model\":\"qwen2.5:32b\",\"keep_alive\":0}")))
        .startsWith("200 ")
        .contains("\"done_reason\":\"unload\"");
    // A model that is not installed: Ollama's own 404, and nothing unloaded for it.
    assertThat(call(post("/api/chat", "{\"model\":\"llama3.1:8b\",\"messages\":[]}")))
        .startsWith("404 ");
    assertThat(fake.residentModels())
        .containsExactlyInAnyOrder(name("qwen3:8b"), name("qwen2.5:14b"));

    assertThat(call(post("/api/chat", "{\"model\":\"qwen3:8b\",\"keep_alive\":\"0s\"}")))
        .startsWith("200 ");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (fake.residentModels().contains(name("qwen3:8b")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(fake.residentModels()).containsExactly(name("qwen2.5:14b"));
    assertThat(fake.loadCount("qwen2.5:32b")).isZero();
    assertThat(fake.unloadCount("qwen2.5:14b")).isZero();
  }

  @Test
  void strictRefusesAModelThatCannotFitWith507() throws Exception {
    serve(machine("32", "14"), config -> config.withStrict(true), runtime -> runtime);

    assertThat(call(post("/api/chat", "{\"model\":\"qwen2.5:32b\",\"messages\":[]}")))
        .isEqualTo(
            "507 {\"error\":\"smartload: qwen2.5:32b needs 22.8 GB, at most 18.0 GB can be"
                + " freed\"}");
    assertThat(fake.loadCount("qwen2.5:32b")).isZero();
  }

  @Test
  void ollamaDownAnswers502NamingIt() throws Exception {
    serve(machine("32", "6.5"));
    HttpUrl upstream = fake.url();
    fake.close();

    assertThat(call(post("/api/chat", "{\"model\":\"qwen3:8b\"}")))
        .startsWith("502 {\"error\":\"smartload: cannot reach Ollama at " + upstream);
    assertThat(call(new Request.Builder().url(url("/api/tags")).build()))
        .startsWith("502 {\"error\":\"smartload: cannot reach Ollama at " + upstream);
  }

  @Test
  void aClientThatDisconnectsMidStreamIsLoggedAndTheProxyCarriesOn() throws Exception {
    serve(machine("32", "6.5").streaming(200, Duration.ofMillis(20)));

    Response response =
        client.newCall(post("/api/chat", "{\"model\":\"qwen3:8b\",\"messages\":[{}]}")).execute();
    assertThat(response.body().source().readUtf8Line()).contains("word1");
    response.close();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (requests.stream().noneMatch(line -> line.contains(" 499 "))
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(requests).anyMatch(line -> line.startsWith("POST /api/chat qwen3:8b 499"));
    assertThat(call(new Request.Builder().url(url("/api/version")).build())).startsWith("200 ");
  }

  @Test
  void thirtyTwoConcurrentStreamingChatsAcrossThreeModelsWithMemoryForTwo() throws Exception {
    List<String> models = List.of("alpha:11b", "beta:11b", "gamma:11b");
    FakeOllama.Builder builder =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .baseUsage(ByteSize.ofGigabytes("2"))
            .procfsRoot(procfs)
            .unloadDelay(Duration.ofMillis(20))
            .streaming(6, Duration.ofMillis(3));
    models.forEach(model -> builder.install(model, ByteSize.ofGigabytes("11")));
    Map<ModelName, AtomicInteger> streaming = new ConcurrentHashMap<>();
    models.forEach(model -> streaming.put(name(model), new AtomicInteger()));
    List<String> unloadedWhileStreaming = new CopyOnWriteArrayList<>();
    serve(
        builder,
        UnaryOperator.identity(),
        runtime -> new UnloadWatch(runtime, streaming, unloadedWhileStreaming));
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(64);
    dispatcher.setMaxRequestsPerHost(64);
    OkHttpClient concurrent = client.newBuilder().dispatcher(dispatcher).build();

    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      ModelName model = name(models.get(i % 3));
      CompletableFuture<String> answer = new CompletableFuture<>();
      concurrent
          .newCall(
              post("/api/chat", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\"}]}"))
          .enqueue(
              new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                  answer.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) throws IOException {
                  streaming.get(model).incrementAndGet();
                  try (response) {
                    answer.complete(response.code() + " " + response.body().string());
                  } finally {
                    streaming.get(model).decrementAndGet();
                  }
                }
              });
      answers.add(answer);
    }

    for (CompletableFuture<String> answer : answers) {
      String text = answer.get(30, TimeUnit.SECONDS);
      assertThat(text).startsWith("200 ").contains("word5").contains("\"done\":true");
      assertThat(text.lines()).hasSize(6);
    }
    assertThat(unloadedWhileStreaming).isEmpty();
    assertThat(fake.everOvercommitted()).isFalse();
    assertThat(fake.peakUsed()).isLessThanOrEqualTo(ByteSize.ofGigabytes("32"));
    assertThat(models.stream().mapToInt(fake::unloadCount).sum()).isPositive();
  }

  /** Records an unload asked for while a client is still reading a stream from that model. */
  private record UnloadWatch(
      ModelRuntime runtime, Map<ModelName, AtomicInteger> streaming, List<String> violations)
      implements ModelRuntime {

    @Override
    public String describe() {
      return runtime.describe();
    }

    @Override
    public List<io.github.smartload.core.LoadedModel> loadedModels() {
      return runtime.loadedModels();
    }

    @Override
    public java.util.Set<ModelName> installedModels() {
      return runtime.installedModels();
    }

    @Override
    public java.util.Optional<ByteSize> sizeOf(ModelName model) {
      return runtime.sizeOf(model);
    }

    @Override
    public void unload(ModelName model) {
      AtomicInteger clients = streaming.get(model);
      if (clients != null && clients.get() > 0) {
        violations.add(model + " while " + clients.get() + " streams read from it");
      }
      runtime.unload(model);
    }

    @Override
    public void load(ModelName model, KeepAlive keepAlive) {
      runtime.load(model, keepAlive);
    }
  }
}
