package io.github.smartload.ollama.proxy;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import okio.Buffer;

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
    if (body.length == 0) {
      return new Absent("the body is empty");
    }
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
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
      // Reading from an in-memory buffer does no I/O; anything else is malformed input too.
      return new Absent("the body is not valid JSON");
    }
  }
}
