package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.footprint.Footprint;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.footprint.RunSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okio.Buffer;

/**
 * Whatever odd value an {@code /api/show} answer carries in {@code model_info}, reading it gives
 * facts (some maybe missing) and a footprint or the missing facts: never an unchecked error.
 */
class ShowAnswerProperties {

  private static final Moshi MOSHI = new Moshi.Builder().build();
  private static final Type MAP = Types.newParameterizedType(Map.class, String.class, Object.class);

  @Provide
  Arbitrary<String> fixtures() {
    return Arbitraries.of(
        "llama3.1-8b", "qwen2.5-14b", "qwen3-8b", "gemma3-12b", "nomic-embed-text");
  }

  @Provide
  Arbitrary<Object> oddValues() {
    return Arbitraries.of(
        -1.0,
        0.0,
        1.5,
        1e300,
        99_999_999_999.0,
        2_000_000_000.0,
        1_048_577.0,
        5000.0,
        "text",
        "",
        true,
        List.of(),
        Arrays.asList(1.0, "a", null, -3.0),
        List.of(0.0, 0.0),
        List.of(true, false),
        Map.of(),
        Map.of("x", 1.0));
  }

  /** Every key of every fixture, each replaced by each odd value and removed: all combinations. */
  @Property
  void oddModelInfoValuesNeverEscapeAsUncheckedErrors(
      @ForAll("fixtures") String fixture, @ForAll("oddValues") Object value) throws IOException {
    Map<String, Object> answer = MOSHI.<Map<String, Object>>adapter(MAP).fromJson(fixture(fixture));
    @SuppressWarnings("unchecked")
    Map<String, Object> original = (Map<String, Object>) answer.get("model_info");
    for (String key : original.keySet()) {
      for (boolean remove : List.of(false, true)) {
        Map<String, Object> info = new LinkedHashMap<>(original);
        if (remove) {
          info.remove(key);
        } else {
          info.put(key, value);
        }
        answer.put("model_info", info);
        String json = MOSHI.adapter(Object.class).serializeNulls().toJson(answer);

        assertThatCode(() -> readAndEstimate(json))
            .as("%s with %s = %s", fixture, key, remove ? "(removed)" : value)
            .doesNotThrowAnyException();
      }
    }
  }

  private static void readAndEstimate(String json) throws IOException {
    ShowAnswer read = ShowAnswerReader.read(JsonReader.of(new Buffer().writeUtf8(json)));
    ModelFacts facts = ShownFacts.of(read, Optional.of(ByteSize.parse("5GB")));
    Footprint.estimate(facts, RunSettings.forContext(4096));
    ShownFacts.modelfileNumCtx(read);
  }

  private static String fixture(String name) {
    try (InputStream in =
        ShowAnswerProperties.class.getResourceAsStream("/ollama/show/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
