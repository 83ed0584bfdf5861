package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** A resident model's context from Ollama's recorded {@code /api/ps} answers. */
class ResidentContextTest {

  /** Before the fixture's gemma4 expires (2025-10-17T16:47:07-07:00). */
  private static final Instant BEFORE_EXPIRY = Instant.parse("2025-10-17T20:00:00Z");

  @StartStop private final MockWebServer server = new MockWebServer();

  private OllamaRuntime runtimeAt(Instant now) {
    return new OllamaRuntime(
        new OkHttpClient(),
        new Moshi.Builder().build(),
        server.url("/"),
        OllamaTimeouts.defaults(),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private void answer(String fixture) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/ollama/" + fixture)) {
      server.enqueue(
          new MockResponse.Builder()
              .setHeader("Content-Type", "application/json; charset=utf-8")
              .body(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .build());
    }
  }

  @Test
  void readsTheContextLengthOfAResidentModel() throws IOException {
    answer("ps-context-length.json");

    assertThat(runtimeAt(BEFORE_EXPIRY).residentContext(ModelName.parse("gemma4"))).hasValue(4096);
  }

  @Test
  void aModelBeingStoppedHasNoContextToKeep() throws IOException {
    answer("ps-context-length.json");

    assertThat(
            runtimeAt(Instant.parse("2025-10-18T00:00:00Z"))
                .residentContext(ModelName.parse("gemma4")))
        .isEmpty();
  }

  @Test
  void aModelNotListedHasNone() throws IOException {
    answer("ps-context-length.json");

    assertThat(runtimeAt(BEFORE_EXPIRY).residentContext(ModelName.parse("qwen3:8b"))).isEmpty();
  }

  @Test
  void aServerOlderThan0_10SaysNoContext() throws IOException {
    answer("ps.json"); // no context_length

    assertThat(
            runtimeAt(Instant.parse("2024-06-04T00:00:00Z"))
                .residentContext(ModelName.parse("mistral")))
        .isEmpty();
  }
}
