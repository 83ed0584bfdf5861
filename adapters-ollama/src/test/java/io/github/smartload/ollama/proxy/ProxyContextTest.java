package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.ollama.fake.FakeOllama;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy keeps a resident model at its context (issue 11 item 6): a request that names no
 * num_ctx is forwarded with the resident one, so Ollama (the fake, which reloads as Ollama does)
 * does not reload the model at its default.
 */
class ProxyContextTest {

  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  @TempDir Path procfs;

  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
  private FakeBackedProxy served;
  private List<String> lines;
  private List<String> warnings;
  private FakeOllama fake;
  private OllamaProxy proxy;

  @BeforeEach
  void serve() {
    serve(UnaryOperator.identity());
  }

  private void serve(UnaryOperator<ProxyConfig> config) {
    if (served != null) {
      served.close();
    }
    served =
        new FakeBackedProxy(
            FakeOllama.builder()
                .totalMemory(ByteSize.ofGigabytes("32"))
                .baseUsage(ByteSize.ofGigabytes("4"))
                .procfsRoot(procfs)
                .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
                .residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
                .loadDelay(Duration.ofMillis(20)),
            procfs,
            config,
            runtime -> runtime);
    fake = served.fake;
    proxy = served.proxy;
    lines = served.lines;
    warnings = served.warnings;
  }

  @AfterEach
  void stop() {
    served.close();
  }

  private String post(String path, String json) throws IOException {
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:" + proxy.address().getPort() + path)
            .post(RequestBody.create(json, ProxyHarness.JSON))
            .build();
    try (Response response = client.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  private String metrics() throws IOException {
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:" + proxy.address().getPort() + "/metrics")
            .build();
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }

  /** The body Ollama received last on {@code path}. */
  private String last(String path) {
    List<FakeOllama.Request> seen = fake.requests(path);
    return seen.get(seen.size() - 1).body();
  }

  private Object received(String path) throws IOException {
    return JSON.fromJson(last(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/generate", "/api/chat", "/api/embed", "/api/embeddings"})
  void aRequestNamingNoContextRunsAtTheResidentOneWithoutAReload(String path) throws Exception {
    fake.preloadAt("qwen3:8b", 8192);
    String body =
        "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\",\"input\":\"hi\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}";

    assertThat(post(path, body)).startsWith("200 ");

    assertThat(fake.reloadCount("qwen3:8b")).isZero();
    assertThat(fake.contextOf("qwen3:8b")).contains(8192);
    @SuppressWarnings("unchecked")
    Map<String, Object> expected = (Map<String, Object>) JSON.fromJson(body);
    expected.put("options", Map.of("num_ctx", 8192.0));
    assertThat(received(path)).isEqualTo(expected);
    assertThat(metrics()).contains("smartload_reloads_avoided_total{model=\"qwen3:8b\"} 1.0");
    assertThat(lines).anyMatch(line -> line.contains(path) && line.contains("num_ctx 8192 kept"));
  }

  @Test
  void otherOptionsStayAsTheClientSentThem() throws Exception {
    fake.preloadAt("qwen3:8b", 8192);

    post(
        "/api/generate",
        "{\"model\":\"qwen3:8b\",\"prompt\":\"h\\u00e9\",\"stream\":false,"
            + "\"options\":{\"temperature\":0.25,\"seed\":12345678901234567}}");

    String sent = last("/api/generate");
    assertThat(sent)
        .isEqualTo(
            "{\"model\":\"qwen3:8b\",\"prompt\":\"h\\u00e9\",\"stream\":false,"
                + "\"options\":{\"temperature\":0.25,\"seed\":12345678901234567,"
                + "\"num_ctx\":8192}}");
    assertThat(fake.reloadCount("qwen3:8b")).isZero();
  }

  @Test
  void aContextTheClientNamedIsNeverChanged() throws Exception {
    fake.preloadAt("qwen3:8b", 8192);
    String body =
        "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\",\"stream\":false,\"options\":{\"num_ctx\":2048}}";

    post("/api/generate", body);

    assertThat(last("/api/generate")).isEqualTo(body);
    assertThat(fake.reloadCount("qwen3:8b")).as("the client asked for it").isEqualTo(1);
    assertThat(metrics()).doesNotContain("smartload_reloads_avoided_total{");
  }

  @Test
  void aLargeSpooledBodyIsPinnedTooWithItsPromptIntact() throws Exception {
    fake.preloadAt("qwen3:8b", 16384);
    String prompt = "x".repeat(3 * 1024 * 1024);

    assertThat(
            post(
                "/api/generate",
                "{\"model\":\"qwen3:8b\",\"prompt\":\"" + prompt + "\",\"stream\":false}"))
        .startsWith("200 ");

    assertThat(fake.reloadCount("qwen3:8b")).isZero();
    String sent = last("/api/generate");
    assertThat(sent)
        .isEqualTo(
            "{\"model\":\"qwen3:8b\",\"prompt\":\""
                + prompt
                + "\",\"stream\":false,\"options\":{\"num_ctx\":16384}}");
  }

  @Test
  void openAiRequestsCannotNameAContextAndOllamaReloadsAtTheDefault() throws Exception {
    fake.preloadAt("qwen3:8b", 8192);
    String body = "{\"model\":\"qwen3:8b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    post("/v1/chat/completions", body);

    assertThat(last("/v1/chat/completions")).isEqualTo(body);
    assertThat(fake.reloadCount("qwen3:8b")).isEqualTo(1);
  }

  @Test
  void aModelTheProxyLoadedRunsAtTheDefaultAndStaysThere() throws Exception {
    String first = "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\",\"stream\":false}";
    post("/api/generate", first);
    assertThat(last("/api/generate"))
        .as("just loaded at the default by the smart load: nothing to keep")
        .isEqualTo(first);
    post("/api/chat", "{\"model\":\"qwen3:8b\",\"messages\":[],\"stream\":false}");

    assertThat(fake.loadCount("qwen3:8b")).isEqualTo(1);
    assertThat(fake.reloadCount("qwen3:8b")).isZero();
    assertThat(fake.contextOf("qwen3:8b")).contains(4096);
  }

  @Test
  void aBodyTheMemoryBudgetHasNoRoomToCopyIsForwardedAsItIs() throws Exception {
    serve(
        config ->
            config
                .withMaxBody(ByteSize.ofBytes(1024))
                .withLimits(ProxyLimits.defaults().withBodyBudget(ByteSize.ofBytes(1024))));
    fake.preloadAt("qwen3:8b", 8192);
    // 700 bytes held by the read body leave no room for a 700-byte copy in a 1 KiB budget.
    String body =
        "{\"model\":\"qwen3:8b\",\"prompt\":\"" + "y".repeat(650) + "\",\"stream\":false}";

    assertThat(post("/api/generate", body)).startsWith("200 ");

    assertThat(last("/api/generate")).isEqualTo(body);
    assertThat(warnings).anyMatch(line -> line.contains("num_ctx not pinned"));
    assertThat(fake.reloadCount("qwen3:8b")).as("Ollama reloads, as without the proxy").isOne();
  }
}
