package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.RuntimeProtocolException;
import io.github.smartload.core.port.RuntimeRejectedException;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Contract tests: Ollama's recorded answers in, core's values or exceptions out. */
class OllamaRuntimeTest {

  private static final Instant NOW = Instant.parse("2026-11-27T03:30:00Z");

  @StartStop private final MockWebServer server = new MockWebServer();

  private final OkHttpClient client = new OkHttpClient();
  private final Moshi moshi = new Moshi.Builder().build();

  private OllamaRuntime runtime() {
    return runtime(OllamaTimeouts.defaults());
  }

  private OllamaRuntime runtime(OllamaTimeouts timeouts) {
    return new OllamaRuntime(
        client, moshi, server.url("/"), timeouts, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void answer(String fixture) {
    answer(200, fixture);
  }

  private void answer(int code, String fixture) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .setHeader("Content-Type", "application/json; charset=utf-8")
            .body(fixture(fixture))
            .build());
  }

  private static String fixture(String name) {
    try (InputStream in = OllamaRuntimeTest.class.getResourceAsStream("/ollama/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture " + name, e);
    }
  }

  private RecordedRequest taken() throws InterruptedException {
    return server.takeRequest(1, TimeUnit.SECONDS);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> json(RecordedRequest request) throws IOException {
    return (Map<String, Object>) moshi.adapter(Object.class).fromJson(request.getBody().utf8());
  }

  @Test
  void readsTheDocumentedPsAnswer() throws Exception {
    answer("ps.json");

    List<LoadedModel> models = runtime().loadedModels();

    assertThat(models)
        .containsExactly(
            new LoadedModel(
                ModelName.parse("mistral:latest"),
                ByteSize.ofBytes(5137025024L),
                ByteSize.ofBytes(5137025024L),
                Instant.parse("2024-06-04T21:38:31.837530Z")));
    RecordedRequest request = taken();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/ps");
  }

  @Test
  void acceptsAnUntaggedNameWithContextLength() {
    answer("ps-context-length.json");

    LoadedModel model = runtime().loadedModels().get(0);

    assertThat(model.name()).isEqualTo(ModelName.parse("gemma4:latest"));
    assertThat(model.ram()).isEqualTo(ByteSize.ofBytes(6591830464L - 5333539264L));
  }

  @Test
  void readsAnEmptyList() {
    answer("ps-empty.json");

    assertThat(runtime().loadedModels()).isEmpty();
  }

  @Test
  void toleratesUnknownFieldsNullFamiliesAndNoVramAndReadsGoTimesAndHubNames() {
    answer("ps-edge-cases.json");

    List<LoadedModel> models = runtime().loadedModels();

    assertThat(models).hasSize(2);
    LoadedModel pinned = models.get(0);
    assertThat(pinned.name().host()).isEqualTo("hf.co");
    assertThat(pinned.name().namespace()).isEqualTo("bartowski");
    assertThat(pinned.name().tag()).isEqualTo("q4_k_m");
    assertThat(pinned.vram()).isEqualTo(ByteSize.ZERO);
    assertThat(pinned.expiresAt()).isEqualTo(Instant.parse("2318-08-24T18:15:22.123456789Z"));
    LoadedModel stopping = models.get(1);
    assertThat(stopping.name()).isEqualTo(ModelName.parse("qwen3:8b"));
    assertThat(stopping.isStoppingAt(NOW)).isTrue();
  }

  @Test
  void aMissingSizeIsAProtocolErrorNamingEndpointAndField() {
    answer("ps-missing-size.json");

    assertThatThrownBy(() -> runtime().loadedModels())
        .isInstanceOf(RuntimeProtocolException.class)
        .hasMessageContaining("GET /api/ps")
        .hasMessageContaining("models[0].size is missing");
  }

  @Test
  void aSizeOfTheWrongTypeIsAProtocolErrorNamingTheField() {
    answer("ps-size-as-string.json");

    assertThatThrownBy(() -> runtime().loadedModels())
        .isInstanceOf(RuntimeProtocolException.class)
        .hasMessageContaining("GET /api/ps")
        .hasMessageContaining("$.models[0].size");
  }

  @Test
  void anExpiryThatIsNotATimeIsAProtocolError() {
    answer("ps-bad-expiry.json");

    assertThatThrownBy(() -> runtime().loadedModels())
        .isInstanceOf(RuntimeProtocolException.class)
        .hasMessageContaining("models[0].expires_at 'tomorrow' is not an RFC 3339 time");
  }

  @Test
  void anAnswerThatIsNotJsonIsAProtocolError() {
    server.enqueue(new MockResponse.Builder().body("<html>proxy login</html>").build());

    assertThatThrownBy(() -> runtime().loadedModels())
        .isInstanceOf(RuntimeProtocolException.class)
        .hasMessageContaining("GET /api/ps")
        .hasMessageContaining("not JSON: <html>proxy login</html>");
  }

  @Test
  void anAnswerWithoutTheModelsListIsAProtocolError() {
    server.enqueue(new MockResponse.Builder().body("{}").build());

    assertThatThrownBy(() -> runtime().loadedModels())
        .isInstanceOf(RuntimeProtocolException.class)
        .hasMessageContaining("the required field models is missing");
  }

  @Test
  void sizeOfAnInstalledModelComesFromTags() throws Exception {
    answer("tags.json");

    assertThat(runtime().sizeOf(ModelName.parse("llama3.2")))
        .contains(ByteSize.ofBytes(2019393189L));
    assertThat(taken().getUrl().encodedPath()).isEqualTo("/api/tags");
  }

  @Test
  void theInstalledModelsAreTheNamesTagsLists() throws Exception {
    answer("tags.json");

    assertThat(runtime().installedModels())
        .containsExactlyInAnyOrder(ModelName.parse("deepseek-r1"), ModelName.parse("llama3.2"));
    assertThat(taken().getUrl().encodedPath()).isEqualTo("/api/tags");
  }

  @Test
  void sizeOfAModelNotInstalledIsEmpty() {
    answer("tags.json");

    assertThat(runtime().sizeOf(ModelName.parse("qwen2.5:32b"))).isEmpty();
  }

  @Test
  void unloadSendsKeepAliveZeroAsANumber() throws Exception {
    answer("generate-unload.json");

    runtime().unload(ModelName.parse("qwen3:8b"));

    RecordedRequest request = taken();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/generate");
    assertThat(json(request))
        .containsEntry("model", "qwen3:8b")
        .containsEntry("keep_alive", 0.0)
        .containsEntry("prompt", "");
    assertThat(request.getBody().utf8()).contains("\"keep_alive\":0");
  }

  @Test
  void unloadSendsTheNameAsOllamaListedIt() throws Exception {
    // Ollama has looked manifests up case-sensitively on Linux (ollama#4250, ollama#6783):
    // hf.co/bartowski/qwen2.5-7b-instruct-gguf:q4_k_m may not find ...-GGUF:Q4_K_M.
    answer("ps-edge-cases.json");
    answer("generate-unload.json");
    OllamaRuntime runtime = runtime();
    LoadedModel hub = runtime.loadedModels().get(0);

    runtime.unload(hub.name());

    taken();
    assertThat(json(taken()))
        .containsEntry("model", "hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M");
  }

  @Test
  void anUnloadOllamaRefusesCarriesItsErrorAndStatus() {
    answer(404, "error-404.json");

    assertThatThrownBy(() -> runtime().unload(ModelName.parse("llama3.2")))
        .isInstanceOfSatisfying(
            RuntimeRejectedException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessage("Ollama answered 404 to POST /api/generate: model 'llama3.2' not found");
  }

  @Test
  void loadSendsTheKeepAliveAsAGoDurationAfterCheckingItIsNotResident() throws Exception {
    answer("ps-empty.json");
    answer("generate-load.json");

    runtime().load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT);

    assertThat(taken().getUrl().encodedPath()).isEqualTo("/api/ps");
    RecordedRequest load = taken();
    assertThat(load.getUrl().encodedPath()).isEqualTo("/api/generate");
    assertThat(json(load))
        .containsEntry("model", "qwen2.5:32b")
        .containsEntry("keep_alive", "15m")
        .containsEntry("prompt", "")
        .containsEntry("stream", false);
  }

  @Test
  void loadAtAContextSendsItAsOptionsNumCtxAndOnlyThen() throws Exception {
    answer("ps-empty.json");
    answer("generate-load.json");
    answer("ps-empty.json");
    answer("generate-load.json");

    runtime().load(ModelName.parse("qwen3:8b"), KeepAlive.DEFAULT, java.util.OptionalInt.of(32768));
    runtime().load(ModelName.parse("qwen3:8b"), KeepAlive.DEFAULT);

    taken();
    assertThat(json(taken())).containsEntry("options", java.util.Map.of("num_ctx", 32768.0));
    taken();
    assertThat(json(taken())).doesNotContainKey("options");
  }

  @Test
  void loadSendsForeverAsANegativeDuration() throws Exception {
    answer("ps-empty.json");
    answer("generate-load.json");

    runtime().load(ModelName.parse("qwen3:8b"), KeepAlive.FOREVER);

    taken();
    assertThat(json(taken())).containsEntry("keep_alive", "-1s");
  }

  @Test
  void loadAcceptsAnOldServersAnswerWithoutDoneReason() {
    answer("ps-empty.json");
    answer("generate-load-old.json");

    runtime().load(ModelName.parse("llama3.2"), KeepAlive.DEFAULT);

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void loadLeavesAResidentModelAloneSoOllamaDoesNotReloadIt() {
    answer("ps.json"); // mistral:latest, expiring in 2024: stopping at NOW
    answer("generate-load.json");
    server.enqueue(
        new MockResponse.Builder()
            .body(
                "{\"models\":[{\"name\":\"mistral:latest\",\"size\":5,\"size_vram\":0,"
                    + "\"expires_at\":\"2026-11-27T03:45:00Z\"}]}")
            .build());

    OllamaRuntime runtime = runtime();
    runtime.load(ModelName.parse("mistral"), KeepAlive.DEFAULT); // stopping: loads again
    runtime.load(ModelName.parse("mistral"), KeepAlive.DEFAULT); // resident: left alone

    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aBadKeepAliveRefusalSurfacesOllamasText() {
    answer("ps-empty.json");
    answer(400, "error-400-keep-alive.json");

    assertThatThrownBy(() -> runtime().load(ModelName.parse("qwen3:8b"), KeepAlive.DEFAULT))
        .isInstanceOfSatisfying(
            RuntimeRejectedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageEndingWith("time: missing unit in duration \"300\"");
  }

  @Test
  void anUnknownModelToLoadIsRejectedWith404() {
    answer("ps-empty.json");
    answer(404, "error-404-pull.json");

    assertThatThrownBy(() -> runtime().load(ModelName.parse("qwen9:1b"), KeepAlive.DEFAULT))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessageContaining("model \"qwen9:1b\" not found, try pulling it first");
  }

  @Test
  void aBusyServerIsRejectedWith503() {
    answer(503, "error-503.json");

    assertThatThrownBy(() -> runtime().loadedModels())
        .isInstanceOfSatisfying(
            RuntimeRejectedException.class, e -> assertThat(e.status()).isEqualTo(503))
        .hasMessageContaining("server busy, please try again.");
  }

  @Test
  void aServerErrorWithoutJsonQuotesTheBodyOnOneLine() {
    server.enqueue(
        new MockResponse.Builder().code(500).body("Internal error\nat line 2\n").build());

    assertThatThrownBy(() -> runtime().loadedModels())
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessage("Ollama answered 500 to GET /api/ps: Internal error at line 2");
  }

  @Test
  void aLoadAnsweredWithAStreamIsAProtocolError() {
    answer("ps-empty.json");
    server.enqueue(
        new MockResponse.Builder().body(fixture("generate-stream-error.ndjson")).build());

    assertThatThrownBy(() -> runtime().load(ModelName.parse("gemma4"), KeepAlive.DEFAULT))
        .isInstanceOf(RuntimeProtocolException.class)
        .hasMessageContaining("POST /api/generate");
  }

  @Test
  void aRefusedConnectionSaysWhereOllamaWasExpected() throws Exception {
    HttpUrl closed;
    try (MockWebServer gone = new MockWebServer()) {
      gone.start();
      closed = gone.url("/");
    }
    OllamaRuntime runtime = new OllamaRuntime(client, moshi, closed, OllamaTimeouts.defaults());
    String shown = "http://" + closed.host() + ":" + closed.port();

    assertThatThrownBy(runtime::loadedModels)
        .isInstanceOf(RuntimeUnreachableException.class)
        .hasMessage(
            "Ollama is not reachable at "
                + shown
                + " (connection refused). Is `ollama serve` running? Set OLLAMA_HOST or --host.");
  }

  @Test
  void aSlowAnswerTimesOutWithTheListTimeout() {
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(2, TimeUnit.SECONDS)
            .body(fixture("ps-empty.json"))
            .build());
    OllamaTimeouts quick =
        new OllamaTimeouts(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(1));

    assertThatThrownBy(() -> runtime(quick).loadedModels())
        .isInstanceOf(RuntimeUnreachableException.class)
        .hasMessageEndingWith(
            " did not answer: GET /api/ps got no answer within 0.1s. It may be busy loading a"
                + " model; try again in a moment.")
        .hasMessageNotContaining("ollama serve")
        // The facts an application words the failure from in its own language.
        .asInstanceOf(type(RuntimeUnreachableException.class))
        .satisfies(
            e -> {
              assertThat(e.reason()).contains(RuntimeUnreachableException.Reason.NO_ANSWER_IN_TIME);
              assertThat(e.endpoint()).contains("GET /api/ps");
              assertThat(e.waited()).contains(Duration.ofMillis(100));
              assertThat(e.address())
                  .contains(runtime(quick).describe().substring("Ollama at ".length()));
            });
  }

  @Test
  void aLoadMayTakeLongerThanTheListTimeoutButNotThanTheLoadTimeout() {
    answer("ps-empty.json");
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(1500, TimeUnit.MILLISECONDS) // a large model coming off the disk
            .body(fixture("generate-load.json"))
            .build());
    OllamaTimeouts timeouts =
        new OllamaTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(60));

    runtime(timeouts).load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT);

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void versionAndDescription() throws Exception {
    answer("version.json");
    OllamaRuntime runtime = runtime();

    assertThat(runtime.version()).isEqualTo("0.5.1");
    assertThat(taken().getUrl().encodedPath()).isEqualTo("/api/version");
    assertThat(runtime.describe())
        .isEqualTo("Ollama at http://" + server.getHostName() + ":" + server.getPort());
  }

  @Test
  void aPathPrefixIsKeptForEveryCall() throws Exception {
    answer("ps-empty.json");
    HttpUrl prefixed = server.url("/ollama/");

    new OllamaRuntime(client, moshi, prefixed, OllamaTimeouts.defaults()).loadedModels();

    assertThat(taken().getUrl().encodedPath()).isEqualTo("/ollama/api/ps");
  }

  @Test
  void nothingIsUnloadedOnTheStrengthOfAnAnswerThatFailedToParse() {
    answer("ps-size-as-string.json");
    SmartLoader loader = SmartLoader.builder(new SimulatedMemory("32", "18"), runtime()).build();

    assertThatThrownBy(
            () -> loader.load(LoadRequest.of(ModelName.parse("qwen2.5:32b")), event -> {}))
        .isInstanceOf(RuntimeProtocolException.class);
    assertThat(server.getRequestCount()).isEqualTo(1); // the /api/ps call, no generate
  }
}
