package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNameTest {

  @ParameterizedTest
  @CsvSource({
    "command-r, command-r:latest",
    "command-r:latest, command-r:latest",
    "Command-R:Latest, command-r:latest",
    "library/command-r, command-r:latest",
    "registry.ollama.ai/library/command-r:latest, command-r:latest",
    "qwen2.5:32b, qwen2.5:32b",
    "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M, hf.co/bartowski/llama-3.2-1b-instruct-gguf:q4_k_m",
    "myuser/mymodel:v2, myuser/mymodel:v2",
    "localhost:5000/team/model:1, localhost:5000/team/model:1"
  })
  void normalizesAsOllamaDoes(String given, String normalized) {
    assertThat(ModelName.parse(given)).hasToString(normalized);
  }

  @Test
  void theImpliedTagIsLatest() {
    assertThat(ModelName.parse("command-r")).isEqualTo(ModelName.parse("command-r:latest"));
    assertThat(ModelName.parse("qwen3:8b")).isNotEqualTo(ModelName.parse("qwen3"));
  }

  @Test
  void aNameContainingATableKeyIsADifferentModel() {
    assertThat(ModelName.parse("qwen3:8b-instruct")).isNotEqualTo(ModelName.parse("qwen3:8b"));
    assertThat(ModelName.parse("myuser/qwen3:8b")).isNotEqualTo(ModelName.parse("qwen3:8b"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "qwen 3", "qwen3:", ":8b", "a/b/c/d", "qwen3:8b!", "/qwen3", "qw\u00e9n"})
  void rejectsInvalidNames(String given) {
    assertThatThrownBy(() -> ModelName.parse(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model name");
  }

  @Test
  void saysWhatIsWrongWithABadName() {
    assertThatThrownBy(() -> ModelName.parse("qwen 3"))
        .hasMessage("'qwen 3' is not a model name: it contains spaces (example: qwen2.5:32b)");
    assertThatThrownBy(() -> ModelName.parse("qwen3:8b!"))
        .hasMessage(
            "'qwen3:8b!' is not a model name: the tag '8b!' may hold only a-z, 0-9, '.', '_' and"
                + " '-'");
  }
}
