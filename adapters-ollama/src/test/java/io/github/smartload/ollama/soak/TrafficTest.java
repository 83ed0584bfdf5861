package io.github.smartload.ollama.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrafficTest {

  @Test
  void anOllamaErrorCountsByItsMessageWithNumbersAndMissingNamesBlurred() {
    assertThat(
            Traffic.cause(
                "{\"error\":\"model \\\"soak-missing-17:latest\\\" not found, try pulling it first\"}"))
        .isEqualTo("model \\\"soak-missing-N:latest\\\" not found, try pulling it first");
    assertThat(Traffic.cause("{\"error\":\"cannot reach Ollama at http://127.0.0.1:40957/\"}"))
        .isEqualTo("cannot reach Ollama at http://#.#:#/");
  }

  @Test
  void anOpenAiErrorCountsByItsMessage() {
    assertThat(
            Traffic.cause("{\"error\":{\"message\":\"model not found\",\"type\":\"api_error\"}}"))
        .isEqualTo("model not found");
  }

  @Test
  void aPageThatIsNotJsonSaysSo() {
    assertThat(Traffic.cause("<html><body><h2>HTTP ERROR 500 java.io.IOException</h2>"))
        .isEqualTo("not JSON: <html><body><h#>HTTP ERROR # java.io.IOException</h#>");
  }
}
