package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.RuntimeDiedException;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Contract tests for a runtime that dies while answering: the connection closes after the request
 * was sent and before any answer. That is told apart from "not running", and a load or an unload is
 * never sent a second time.
 */
class RuntimeDeathTest {

  private static final String EMPTY_PS = "{\"models\":[]}";
  private static final String LOADED =
      "{\"model\":\"qwen2.5:32b\",\"created_at\":\"2026-11-27T03:30:00Z\",\"response\":\"\","
          + "\"done\":true,\"done_reason\":\"load\"}";

  @StartStop private final MockWebServer server = new MockWebServer();

  /** OkHttp's default client, which retries on a new connection unless told otherwise. */
  private final OkHttpClient client = new OkHttpClient();

  private OllamaRuntime runtime() {
    return new OllamaRuntime(
        client,
        new Moshi.Builder().build(),
        server.url("/"),
        // Short enough that a resent request left waiting for an answer fails the test quickly.
        new OllamaTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(20)),
        Clock.fixed(Instant.parse("2026-11-27T03:30:00Z"), ZoneOffset.UTC));
  }

  private void answer(String json) {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .body(json)
            .build());
  }

  /** Reads the request, then closes the connection without a status line, as a killed server. */
  private void dieAfterTheRequest() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
  }

  private String shown() {
    HttpUrl url = server.url("/");
    return "http://" + url.host() + ":" + url.port();
  }

  @Test
  void aConnectionClosedDuringTheLoadSaysTheRuntimeDiedAndWhereToLook() {
    answer(EMPTY_PS);
    dieAfterTheRequest();

    assertThatThrownBy(() -> runtime().load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT))
        .isInstanceOf(RuntimeDiedException.class)
        .hasMessage(
            "Ollama at "
                + shown()
                + " stopped answering during the load of qwen2.5:32b (the connection closed"
                + " before an answer): the load's outcome is unknown. Look in its journal"
                + " (journalctl -u ollama) and, for an out-of-memory kill, in the kernel's"
                + " (journalctl -k | grep -i oom).");
  }

  @Test
  void aLoadIsSentOnceEvenWhenItsConnectionDies() throws Exception {
    answer(EMPTY_PS);
    dieAfterTheRequest();
    answer(LOADED); // what a resent load would get from a server that came back

    assertThatThrownBy(() -> runtime().load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT))
        .isInstanceOf(RuntimeDiedException.class);

    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/ps");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/generate");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anUnloadIsSentOnceAndItsOutcomeIsUnknownWhenItsConnectionDies() {
    dieAfterTheRequest();
    answer(LOADED);

    assertThatThrownBy(() -> runtime().unload(ModelName.parse("qwen3:8b")))
        .isInstanceOf(RuntimeDiedException.class)
        .hasMessageContaining(
            "stopped answering during the unload of qwen3:8b (the connection closed before an"
                + " answer): whether it was unloaded is unknown.");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aListingCutShortSaysTheRuntimeStoppedAnsweringNotThatItIsNotRunning() {
    dieAfterTheRequest();
    dieAfterTheRequest(); // a GET may be retried once on a new connection; it changes nothing

    assertThatThrownBy(() -> runtime().loadedModels())
        .isInstanceOf(RuntimeDiedException.class)
        .hasMessageStartingWith(
            "Ollama at " + shown() + " stopped answering GET /api/ps (the connection closed")
        .hasMessageNotContaining("ollama serve");
  }

  @Test
  void aRefusedConnectionIsNotRunningNotADeath() throws Exception {
    HttpUrl closed;
    try (MockWebServer gone = new MockWebServer()) {
      gone.start();
      closed = gone.url("/");
    }
    OllamaRuntime runtime =
        new OllamaRuntime(client, new Moshi.Builder().build(), closed, OllamaTimeouts.defaults());

    assertThatThrownBy(() -> runtime.load(ModelName.parse("qwen2.5:32b"), KeepAlive.DEFAULT))
        .isExactlyInstanceOf(RuntimeUnreachableException.class)
        .hasMessageContaining("(connection refused). Is `ollama serve` running?");
  }
}
