package io.github.smartload.ollama.proxy;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads the top-level {@code model} field of a request body with a streaming reader: other values
 * (base64 images, long prompts) are skipped, never built into a tree. The whole object is read, and
 * the field is taken as Ollama's Go decoder takes it (the last key that matches, in any case), so
 * that the model smart-loaded is the one Ollama will serve, and a body Ollama will reject as
 * malformed causes no unload.
 */
final class ModelField {

  /** What the body says about its model. */
  sealed interface Result {}

  /** The body names this model. */
  record Found(ModelName model) implements Result {}

  /** No model could be read; {@code reason} says why, for the log. */
  record Absent(String reason) implements Result {}

  private ModelField() {}

  private static Result parse(String text) {
    try {
      return new Found(ModelName.parse(text));
    } catch (IllegalArgumentException e) {
      return new Absent(e.getMessage());
    }
  }

  static Result read(byte[] body) {
    return read(new Buffer().write(body));
  }

  /** Reads the body from {@code source} and closes it. */
  static Result read(BufferedSource source) {
    try (JsonReader reader = JsonReader.of(source)) {
      if (source.exhausted()) {
        return new Absent("the body is empty");
      }
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return new Absent("the body is not a JSON object");
      }
      reader.beginObject();
      Result found = new Absent("the body has no \"model\" field");
      while (reader.hasNext()) {
        if (!reader.nextName().equalsIgnoreCase("model")
            || reader.peek() == JsonReader.Token.NULL) {
          reader.skipValue(); // a null leaves Go's field as it was
        } else if (reader.peek() != JsonReader.Token.STRING) {
          reader.skipValue();
          found = new Absent("its \"model\" field is not a string");
        } else {
          found = parse(reader.nextString());
        }
      }
      reader.endObject();
      return found;
    } catch (JsonEncodingException | JsonDataException | java.io.EOFException e) {
      return new Absent("the body is not valid JSON");
    } catch (IOException e) {
      // A spooled body is read back from its own file; a failure there is no JSON to go by.
      return new Absent("the body is not valid JSON");
    }
  }
}
