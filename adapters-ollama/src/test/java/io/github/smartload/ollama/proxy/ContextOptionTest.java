package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading and setting options.num_ctx as Ollama's decoder would see it. */
class ContextOptionTest {

  private static ContextOption.Scan scan(String json) {
    return ContextOption.scan(new Buffer().writeUtf8(json));
  }

  private static String pin(String json, int context) throws IOException {
    Buffer out = new Buffer();
    ContextOption.pin(new Buffer().writeUtf8(json), out, context);
    return out.readUtf8();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"model\":\"m\",\"options\":{\"num_ctx\":8192}}",
        "{\"options\":{\"temperature\":1,\"num_ctx\":null}}",
        "{\"OPTIONS\":{\"num_ctx\":\"big\"}}"
      })
  void aNumCtxInTheOptionsIsTheClientsChoiceWhateverItsValue(String json) {
    assertThat(scan(json)).isEqualTo(ContextOption.Scan.NAMED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"model\":\"m\"}",
        "{\"model\":\"m\",\"options\":null}",
        "{\"model\":\"m\",\"options\":{\"temperature\":0.5,\"NUM_CTX\":1}}",
        "{\"model\":\"m\",\"num_ctx\":8192}"
      })
  void noNumCtxInTheOptionsLeavesTheDefault(String json) {
    assertThat(scan(json)).isEqualTo(ContextOption.Scan.ABSENT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[1]",
        "{\"model\":\"m\",",
        "{\"model\":\"m\",\"options\":\"fast\"}",
        "{\"options\":{},\"Options\":{}}",
        "{\"model\":m}"
      })
  void aBodyOllamaWouldRefuseOrReadInAnUnusualWayIsLeftAlone(String json) {
    assertThat(scan(json)).isEqualTo(ContextOption.Scan.UNSURE);
  }

  @Test
  void addsTheOptionsWhenThereAreNone() throws IOException {
    assertThat(pin("{\"model\":\"m\",\"stream\":false}", 8192))
        .isEqualTo("{\"model\":\"m\",\"stream\":false,\"options\":{\"num_ctx\":8192}}");
  }

  @Test
  void replacesNullOptions() throws IOException {
    assertThat(pin("{\"options\":null,\"model\":\"m\"}", 2048))
        .isEqualTo("{\"options\":{\"num_ctx\":2048},\"model\":\"m\"}");
  }

  @Test
  void addsToTheClientsOptionsKeepingEveryValueAsItsRawText() throws IOException {
    // Whitespace between the fields goes; inside a copied value it stays, as sent.
    String json =
        "{ \"model\" : \"m\", \"prompt\": \"\\u00e9\\n\\\"q\\\"\", \"images\": [\"aGk=\"],"
            + " \"Options\": {\"seed\": 123456789012345678901234567890, \"stop\": null,"
            + " \"temperature\": 1.0e-2}, \"format\": {\"type\": \"object\"} }";

    assertThat(pin(json, 4096))
        .isEqualTo(
            "{\"model\":\"m\",\"prompt\":\"\\u00e9\\n\\\"q\\\"\",\"images\":[\"aGk=\"],"
                + "\"Options\":{\"seed\":123456789012345678901234567890,\"stop\":null,"
                + "\"temperature\":1.0e-2,\"num_ctx\":4096},\"format\":{\"type\": \"object\"}}");
  }
}
