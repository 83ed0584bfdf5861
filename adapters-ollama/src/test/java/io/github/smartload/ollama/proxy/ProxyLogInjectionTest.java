package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a client sends cannot forge a log line or reach the operator's terminal raw. */
class ProxyLogInjectionTest {

  @RegisterExtension final MockUpstream mock = new MockUpstream();
  private final MockWebServer upstream = mock.server;
  private ProxyHarness harness;

  @BeforeEach
  void start() {
    harness = mock.proxy("32", "25.5");
  }

  @Test
  void controlCharactersInAModelNameAreEscapedInEveryLogLine() throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(400).body("{\"error\":\"bad\"}").build());
    String body =
        "{\"model\":\"evil\\nPOST /api/chat qwen2.5:14b 200 5ms (forged)\\u001b[31m\","
            + "\"messages\":[]}";

    try (Response response = harness.client.newCall(harness.post("/api/chat", body)).execute()) {
      assertThat(response.code()).isEqualTo(400);
    }

    List<String> lines = logLines();
    assertThat(lines).allSatisfy(ProxyLogInjectionTest::hasNoControlCharacters);
    assertThat(harness.warnings)
        .anyMatch(line -> line.contains("evil\\nPOST /api/chat") && line.contains("\\u001b[31m"));
  }

  private List<String> logLines() {
    List<String> lines = new ArrayList<>(harness.info);
    lines.addAll(harness.warnings);
    assertThat(lines).isNotEmpty();
    return lines;
  }

  private static void hasNoControlCharacters(String line) {
    assertThat(line.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)).count())
        .as("control characters in %s", line)
        .isZero();
  }
}
