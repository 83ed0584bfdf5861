package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ModelName;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelFieldTest {

  private static ModelField.Result read(String body) {
    return ModelField.read(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsTheModelAfterLargeValuesWithoutNeedingThemWhole() {
    String image = "A".repeat(1_000_000);
    String body =
        "{\"messages\":[{\"role\":\"user\",\"images\":[\""
            + image
            + "\"]}],\"options\":{\"model\":\"not-this\"},\"model\":\"Qwen3:8B\",\"stream\":true}";

    assertThat(read(body)).isEqualTo(new ModelField.Found(ModelName.parse("qwen3:8b")));
  }

  @Test
  void readsTheRequestsOwnContextOnTheNativeEndpointsOnly() {
    String body = "{\"model\":\"qwen3:8b\",\"options\":{\"temperature\":0,\"num_ctx\":131072}}";

    assertThat(ModelField.read(body.getBytes(StandardCharsets.UTF_8), "/api/chat"))
        .isEqualTo(
            new ModelField.Found(
                ModelName.parse("qwen3:8b"), ModelField.Intent.LOAD, OptionalInt.of(131072)));
    assertThat(ModelField.read(body.getBytes(StandardCharsets.UTF_8), "/v1/chat/completions"))
        .isEqualTo(new ModelField.Found(ModelName.parse("qwen3:8b")));
  }

  @Test
  void aContextOllamaWouldNotTakeIsNone() {
    for (String options : new String[] {"{\"num_ctx\":\"big\"}", "{\"num_ctx\":0}", "null", "[]"}) {
      String body = "{\"model\":\"qwen3:8b\",\"options\":" + options + "}";
      assertThat(ModelField.read(body.getBytes(StandardCharsets.UTF_8), "/api/generate"))
          .as(options)
          .isEqualTo(new ModelField.Found(ModelName.parse("qwen3:8b")));
    }
  }

  @Test
  void aBodyMalformedAfterTheModelIsNoModel() {
    // Ollama answers such a body 400: it must not cost a resident model its place.
    assertThat(read("{\"model\":\"llama3.1:8b\",\"prompt\":\"unterminated"))
        .isEqualTo(new ModelField.Absent("the body is not valid JSON"));
    assertThat(read("{\"model\":\"llama3.1:8b\",\"prompt\":\"hi\""))
        .isEqualTo(new ModelField.Absent("the body is not valid JSON"));
  }

  @Test
  void takesTheModelOllamasDecoderTakesTheLastKeyInAnyCase() {
    // Go's encoding/json matches keys case-insensitively and the last one wins.
    assertThat(read("{\"model\":\"qwen3:1.7b\",\"model\":\"qwen2.5:32b\"}"))
        .isEqualTo(new ModelField.Found(ModelName.parse("qwen2.5:32b")));
    assertThat(read("{\"Model\":\"qwen2.5:32b\",\"prompt\":\"hi\"}"))
        .isEqualTo(new ModelField.Found(ModelName.parse("qwen2.5:32b")));
    assertThat(read("{\"model\":\"qwen3:1.7b\",\"MODEL\":42}"))
        .isEqualTo(new ModelField.Absent("its \"model\" field is not a string"));
  }

  @Test
  void ignoresWhatFollowsTheObjectAsOllamasDecoderDoes() {
    assertThat(read("{\"model\":\"qwen3:8b\"}\n"))
        .isEqualTo(new ModelField.Found(ModelName.parse("qwen3:8b")));
  }

  @Test
  void saysWhyWhenThereIsNoModel() {
    assertThat(read("")).isEqualTo(new ModelField.Absent("the body is empty"));
    assertThat(read("{\"prompt\":\"hi\"}"))
        .isEqualTo(new ModelField.Absent("the body has no \"model\" field"));
    assertThat(read("[1,2]")).isEqualTo(new ModelField.Absent("the body is not a JSON object"));
    assertThat(read("model=qwen3")).isEqualTo(new ModelField.Absent("the body is not valid JSON"));
    assertThat(read("{\"prompt\":")).isEqualTo(new ModelField.Absent("the body is not valid JSON"));
    assertThat(read("{\"model\":42}"))
        .isEqualTo(new ModelField.Absent("its \"model\" field is not a string"));
  }

  @Test
  void aModelNameWithSpacesIsNoModel() {
    assertThat(read("{\"model\":\"two words\"}"))
        .isInstanceOfSatisfying(
            ModelField.Absent.class,
            absent -> assertThat(absent.reason()).contains("contains spaces"));
  }

  private static ModelField.Result read(String path, String body) {
    return ModelField.read(body.getBytes(StandardCharsets.UTF_8), path);
  }

  @Test
  void aZeroKeepAliveWithNothingToAnswerIsAnUnloadAsOllamaReadsIt() {
    ModelName gemma = ModelName.parse("gemma3:12b");
    ModelField.Found unload = new ModelField.Found(gemma, ModelField.Intent.UNLOAD);
    assertThat(read("/api/generate", "{\"model\":\"gemma3:12b\",\"keep_alive\":0.9}"))
        .isEqualTo(unload);
    assertThat(read("/api/chat", "{\"model\":\"gemma3:12b\",\"keep_alive\":\"-0s\"}"))
        .isEqualTo(unload);
    assertThat(read("/api/generate", "{\"model\":\"gemma3:12b\",\"keep_alive\":1}"))
        .isEqualTo(new ModelField.Found(gemma));
    assertThat(read("/api/generate", "{\"model\":\"gemma3:12b\",\"keep_alive\":null}"))
        .isEqualTo(new ModelField.Found(gemma));
    assertThat(read("/api/chat", "{\"model\":\"gemma3:12b\",\"prompt\":\"hi\",\"keep_alive\":0}"))
        .isEqualTo(unload); // chat answers messages, not a prompt
    assertThat(
            read(
                "/api/generate",
                "{\"model\":\"gemma3:12b\",\"prompt\":\"hi\",\"keep_alive\":\"0m\"}"))
        .isEqualTo(new ModelField.Found(gemma, ModelField.Intent.LOAD_THEN_LEAVE));
    assertThat(read("/api/embed", "{\"model\":\"gemma3:12b\",\"keep_alive\":0}"))
        .isEqualTo(new ModelField.Found(gemma));
  }

  @Test
  void aBodyOllamaRefusesForItsKeepAliveOrPromptIsNoModel() {
    assertThat(read("/api/generate", "{\"model\":\"gemma3:12b\",\"keep_alive\":\"300\"}"))
        .isEqualTo(new ModelField.Absent("its \"keep_alive\" is not a duration"));
    assertThat(read("/api/chat", "{\"model\":\"gemma3:12b\",\"messages\":\"hi\"}"))
        .isEqualTo(new ModelField.Absent("its \"messages\" field is of the wrong type"));
  }
}
