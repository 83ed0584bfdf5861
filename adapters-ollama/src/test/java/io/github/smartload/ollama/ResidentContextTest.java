package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
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
  void aLoadAtTheContextAModelRunsAtSendsNothing() throws IOException, InterruptedException {
    answer("ps-context-length.json");
    answer("ps-context-length.json");

    runtimeAt(BEFORE_EXPIRY)
        .load(ModelName.parse("gemma4"), KeepAlive.DEFAULT, OptionalInt.of(4096));

    assertThat(server.getRequestCount()).isPositive();
    for (int i = 0; i < server.getRequestCount(); i++) {
      assertThat(server.takeRequest().getTarget()).isEqualTo("/api/ps");
    }
  }

  @Test
  void aLoadAtAnotherContextThanTheResidentOneIsSentSoOllamaReloads()
      throws IOException, InterruptedException {
    answer("ps-context-length.json");
    answer("ps-context-length.json");
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json; charset=utf-8")
            .body("{\"model\":\"gemma4\",\"response\":\"\",\"done\":true}")
            .build());

    runtimeAt(BEFORE_EXPIRY)
        .load(ModelName.parse("gemma4"), KeepAlive.DEFAULT, OptionalInt.of(32768));

    RecordedRequest generate = null;
    for (int i = 0; i < server.getRequestCount(); i++) {
      RecordedRequest request = server.takeRequest();
      if (request.getTarget().equals("/api/generate")) {
        generate = request;
      }
    }
    assertThat(generate).isNotNull();
    assertThat(generate.getBody().utf8()).contains("\"options\":{\"num_ctx\":32768}");
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
