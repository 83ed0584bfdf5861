package io.github.smartload.ollama;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a {@code POST /api/show} answer token by token. A verbose answer carries the tokenizer's
 * 150k-260k strings: they are skipped (the token list only counted), never built into objects.
 */
final class ShowAnswerReader {

  private static final JsonReader.Options TOP =
      JsonReader.Options.of("model_info", "tensors", "parameters", "details", "capabilities");

  private final Map<String, String> scalars = new HashMap<>();
  private final Map<String, List<String>> arrays = new HashMap<>();
  private OptionalInt tokenCount = OptionalInt.empty();
  private List<String> tokenEmbeddingShape = List.of();
  private boolean tensorsListed;
  private boolean hasOutputTensor;
  private Optional<String> parameters = Optional.empty();
  private Optional<String> quantization = Optional.empty();
  private final Set<String> capabilities = new HashSet<>();

  private ShowAnswerReader() {}

  static ShowAnswer read(JsonReader json) throws IOException {
    return new ShowAnswerReader().readAnswer(json);
  }

  private ShowAnswer readAnswer(JsonReader json) throws IOException {
    json.beginObject();
    while (json.hasNext()) {
      int field = json.selectName(TOP);
      if (field == -1) {
        json.skipName();
        json.skipValue();
      } else if (json.peek() == JsonReader.Token.NULL) {
        json.skipValue();
      } else {
        switch (field) {
          case 0 -> modelInfo(json);
          case 1 -> tensors(json);
          case 2 -> parameters = Optional.of(json.nextString());
          case 3 -> details(json);
          default -> capabilities(json);
        }
      }
    }
    json.endObject();
    return new ShowAnswer(
        scalars,
        arrays,
        tokenCount,
        tokenEmbeddingShape,
        tensorsListed,
        hasOutputTensor,
        parameters,
        quantization,
        capabilities);
  }

  private void modelInfo(JsonReader json) throws IOException {
    json.beginObject();
    while (json.hasNext()) {
      String key = json.nextName();
      switch (json.peek()) {
        case NUMBER, STRING -> scalars.put(key, json.nextString());
        case BOOLEAN -> scalars.put(key, Boolean.toString(json.nextBoolean()));
        case BEGIN_ARRAY -> array(json, key);
        default -> json.skipValue();
      }
    }
    json.endObject();
  }

  private void array(JsonReader json, String key) throws IOException {
    if (key.equals("tokenizer.ggml.tokens")) {
      int count = 0;
      json.beginArray();
      while (json.hasNext()) {
        json.skipValue();
        count++;
      }
      json.endArray();
      if (count > 0) {
        tokenCount = OptionalInt.of(count);
      }
    } else if (key.endsWith(".attention.head_count_kv")
        || key.endsWith(".attention.head_count")
        || key.endsWith(".attention.sliding_window_pattern")) {
      arrays.put(key, values(json));
    } else {
      json.skipValue();
    }
  }

  /** A small array of numbers or booleans, each as its JSON text; anything else is skipped. */
  private static List<String> values(JsonReader json) throws IOException {
    List<String> values = new ArrayList<>();
    json.beginArray();
    while (json.hasNext()) {
      switch (json.peek()) {
        case NUMBER, STRING -> values.add(json.nextString());
        case BOOLEAN -> values.add(Boolean.toString(json.nextBoolean()));
        default -> json.skipValue();
      }
    }
    json.endArray();
    return values;
  }

  private void tensors(JsonReader json) throws IOException {
    tensorsListed = true;
    json.beginArray();
    while (json.hasNext()) {
      String name = null;
      List<String> shape = List.of();
      json.beginObject();
      while (json.hasNext()) {
        String field = json.nextName();
        if (field.equals("name") && json.peek() == JsonReader.Token.STRING) {
          name = json.nextString();
        } else if (field.equals("shape") && json.peek() == JsonReader.Token.BEGIN_ARRAY) {
          shape = values(json);
        } else {
          json.skipValue();
        }
      }
      json.endObject();
      if ("output.weight".equals(name)) {
        hasOutputTensor = true;
      } else if ("token_embd.weight".equals(name)) {
        tokenEmbeddingShape = shape;
      }
    }
    json.endArray();
  }

  private void details(JsonReader json) throws IOException {
    json.beginObject();
    while (json.hasNext()) {
      if (json.nextName().equals("quantization_level") && json.peek() == JsonReader.Token.STRING) {
        quantization = Optional.of(json.nextString());
      } else {
        json.skipValue();
      }
    }
    json.endObject();
  }

  private void capabilities(JsonReader json) throws IOException {
    json.beginArray();
    while (json.hasNext()) {
      if (json.peek() == JsonReader.Token.STRING) {
        capabilities.add(json.nextString());
      } else {
        json.skipValue();
      }
    }
    json.endArray();
  }
}
