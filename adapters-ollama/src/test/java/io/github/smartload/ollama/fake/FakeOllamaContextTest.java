package io.github.smartload.ollama.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake keeps to Ollama about contexts (memory-model.md): {@code /api/ps} shows each runner's
 * context, a request gets its {@code num_ctx} or the default, and a request at another context than
 * the runner's reloads the model.
 */
class FakeOllamaContextTest {

  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient client = new OkHttpClient();
  private final FakeOllama fake =
      FakeOllama.builder()
          .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
          .residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
          .loadDelay(Duration.ofMillis(20))
          .start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private String post(String path, String json) throws IOException {
    try (Response response =
        client
            .newCall(
                new Request.Builder()
                    .url(fake.url().resolve(path))
                    .post(RequestBody.create(json, JSON))
                    .build())
            .execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  private String ps() throws IOException {
    try (Response response =
        client
            .newCall(new Request.Builder().url(fake.url().resolve("/api/ps")).build())
            .execute()) {
      return response.body().string();
    }
  }

  @Test
  void aRequestWithoutNumCtxGetsTheCpuDefaultOf4096() throws IOException {
    post("/api/generate", "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\",\"stream\":false}");

    assertThat(ps()).contains("\"context_length\":4096");
    assertThat(fake.contextOf("qwen3:8b")).contains(4096);
  }

  @Test
  void psReportsTheContextTheRunnerWasStartedWith() throws IOException {
    post("/api/chat", "{\"model\":\"qwen3:8b\",\"messages\":[],\"options\":{\"num_ctx\":8192}}");

    assertThat(ps()).contains("\"context_length\":8192");
    assertThat(fake.loadCount("qwen3:8b")).isEqualTo(1);
    assertThat(fake.reloadCount("qwen3:8b")).isZero();
  }

  @Test
  void aRequestAtAnotherContextReloadsTheModelAndOneAtTheSameDoesNot() throws IOException {
    fake.preloadAt("qwen3:8b", 8192);

    post(
        "/api/generate",
        "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\",\"stream\":false,"
            + "\"options\":{\"num_ctx\":8192}}");
    assertThat(fake.reloadCount("qwen3:8b")).isZero();

    // No num_ctx: the default, 4096, differs from the runner's 8192, so Ollama restarts it.
    post("/api/generate", "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\",\"stream\":false}");
    assertThat(fake.reloadCount("qwen3:8b")).isEqualTo(1);
    assertThat(fake.contextOf("qwen3:8b")).contains(4096);
    assertThat(fake.loadCount("qwen3:8b")).isEqualTo(1);
    assertThat(fake.used()).isEqualTo(ByteSize.ofGigabytes("2").plus(ByteSize.ofGigabytes("5.7")));
  }

  @Test
  void openAiRequestsCarryNoContextAndGetTheDefault() throws IOException {
    fake.preloadAt("qwen3:8b", 8192);

    post("/v1/chat/completions", "{\"model\":\"qwen3:8b\",\"messages\":[]}");

    assertThat(fake.reloadCount("qwen3:8b")).isEqualTo(1);
    assertThat(fake.contextOf("qwen3:8b")).contains(4096);
  }

  @Test
  void embeddingsTakeTheirNumCtxToo() throws IOException {
    post("/api/embed", "{\"model\":\"qwen3:8b\",\"input\":\"x\",\"options\":{\"num_ctx\":2048}}");

    assertThat(fake.contextOf("qwen3:8b")).contains(2048);
  }

  @Test
  void aNumCtxThatIsNoNumberIsRefusedWith400() throws IOException {
    assertThat(
            post(
                "/api/generate",
                "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\",\"options\":{\"num_ctx\":\"big\"}}"))
        .startsWith("400 ");
    assertThat(fake.loadCount("qwen3:8b")).isZero();
  }

  @Test
  void aDefaultContextCanBeSet() throws IOException {
    try (FakeOllama other =
        FakeOllama.builder()
            .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
            .defaultContext(32768)
            .start()) {
      other.preload("qwen3:8b");
      assertThat(other.contextOf("qwen3:8b")).contains(32768);
    }
  }
}
